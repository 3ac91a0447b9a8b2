package io.fakewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageSplitChartTest {
  @Test
  void barsAreProportionalToEachStagesTimeAndLabelled(@TempDir Path dir) throws Exception {
    List<BenchRow> rows = List.of(
        new BenchRow("pipeline.videos_per_s", 0.5, "videos/s", 0.66, ""),
        new BenchRow(StageSplitChart.STAGE_ROW_PREFIX + "ingest", 1500, "ms", 0, ""),
        new BenchRow(StageSplitChart.STAGE_ROW_PREFIX + "detect", 450, "ms", 0, ""),
        new BenchRow(StageSplitChart.STAGE_ROW_PREFIX + "score", 50, "ms", 0, ""));
    Path svg = dir.resolve("split.svg");
    assertThat(StageSplitChart.write(rows, svg)).isTrue();
    String text = Files.readString(svg);
    assertThat(text).startsWith("<svg").contains("ingest 1500 ms (75 %)", "detect 450 ms (23 %)", "score 50 ms (3 %)");
    Matcher widths = Pattern.compile("<rect x=\"[0-9.]+\" y=\"45\" width=\"([0-9.]+)\"").matcher(text);
    double[] w = new double[3];
    for (int i = 0; i < 3; i++) {
      assertThat(widths.find()).isTrue();
      w[i] = Double.parseDouble(widths.group(1));
    }
    assertThat(w[0] / w[1]).isCloseTo(1500.0 / 450, org.assertj.core.api.Assertions.within(0.01));
    assertThat(w[1] / w[2]).isCloseTo(450.0 / 50, org.assertj.core.api.Assertions.within(0.05));
    // the Kafka bar: 1 / 0.5 videos/s = 2000 ms, the longest bar
    assertThat(text).contains(">2000</text>");
  }

  @Test
  void noStageRowsNoChart(@TempDir Path dir) throws Exception {
    Path svg = dir.resolve("none.svg");
    assertThat(StageSplitChart.write(List.of(new BenchRow("decode.videos_per_s", 1, "videos/s", 1, "")), svg)).isFalse();
    assertThat(svg).doesNotExist();
  }
}
