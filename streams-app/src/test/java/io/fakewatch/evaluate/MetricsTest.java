package io.fakewatch.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.evaluate.Metrics.Scored;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
  private static final List<Scored> ROWS = List.of(
      new Scored(0.9, true), new Scored(0.6, true), new Scored(0.4, false), new Scored(0.7, false));

  @Test
  void logLossByHand() {
    double expected = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.6) + Math.log(0.3)) / 4;
    assertThat(Metrics.logLoss(ROWS)).isCloseTo(expected, within(1e-12));
    // a confident wrong answer is clipped, not infinite
    assertThat(Metrics.logLoss(List.of(new Scored(1.0, false)))).isFinite().isCloseTo(-Math.log(1e-15), within(0.2));
  }

  @Test
  void aucCountsPairsAndTies() {
    // pairs (fake, real): (0.9,0.4) win, (0.9,0.7) win, (0.6,0.4) win, (0.6,0.7) loss → 3/4
    assertThat(Metrics.auc(ROWS)).isEqualTo(0.75);
    assertThat(Metrics.auc(List.of(new Scored(0.5, true), new Scored(0.5, false)))).isEqualTo(0.5);
    assertThat(Metrics.auc(List.of(new Scored(0.5, true)))).isNaN();
  }

  @Test
  void accuracyAtAThreshold() {
    // 0.9 fake ✓, 0.6 fake ✓, 0.4 real ✓, 0.7 real ✗
    assertThat(Metrics.accuracy(ROWS, 0.5)).isEqualTo(0.75);
  }

  @Test
  void labelsCsvSkipsRowsThatAreNotRealOrFake(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("labels.csv");
    Files.writeString(csv, "file,label,note\nvideos/a.mp4,FAKE,x\nvideos/b.mp4,REAL,\nvideos/c.mp4,UNKNOWN,\n");
    LabelledVideos videos = LabelledVideos.read(csv);
    assertThat(videos.skipped()).isEqualTo(1);
    assertThat(videos.entries()).extracting(LabelledVideos.Entry::fake).containsExactly(true, false);
    assertThat(videos.entries().get(0).file()).isEqualTo(dir.resolve("videos/a.mp4"));
  }

  @Test
  void reportWritesSummaryHtmlAndCharts(@TempDir Path dir) throws Exception {
    List<EvaluationReport.Row> rows = List.of(new EvaluationReport.Row("a.mp4", true, 0.9, "FAKE", "OK"),
        new EvaluationReport.Row("b.mp4", false, 0.2, "REAL", "OK"));
    var summary = EvaluationReport.summary(rows, 1, "meso4_df@2018-keras");
    EvaluationReport.write(dir, summary, rows);
    var json = io.fakewatch.serde.AvroJson.MAPPER.readTree(dir.resolve("summary.json").toFile());
    assertThat(json.get("videos").asInt()).isEqualTo(2);
    assertThat(json.get("auc").asDouble()).isEqualTo(1.0);
    assertThat(json.get("logLoss").asDouble()).isCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, within(1e-12));
    assertThat(json.get("rows")).hasSize(2);
    assertThat(Files.readString(dir.resolve("report.html"))).contains("<svg").contains("a.mp4");
    assertThat(Files.readString(dir.resolve("histogram.svg"))).contains("<rect");
  }
}
