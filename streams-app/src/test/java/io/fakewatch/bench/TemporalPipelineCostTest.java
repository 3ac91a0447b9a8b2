package io.fakewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemporalPipelineCostTest {
  @Test
  void meanCountsAVerdictWithoutTheKeyAsZero() {
    List<Map<String, Long>> timings = List.of(
        Map.of("detect", 400L, "detect.temporal", 300L, "score.temporal", 6L),
        Map.of("detect", 500L, "detect.temporal", 100L),
        Map.of("detect", 50L));
    TemporalPipelineCost.Mean detect = TemporalPipelineCost.mean(timings, "detect.temporal");
    assertThat(detect.millis()).isCloseTo(400.0 / 3, within(1e-9));
    assertThat(detect.carried()).isEqualTo(2);
    assertThat(detect.videos()).isEqualTo(3);
    assertThat(TemporalPipelineCost.mean(timings, "score.temporal").millis()).isCloseTo(2.0, within(1e-9));
    assertThat(TemporalPipelineCost.mean(List.of(), "detect.temporal").millis()).isZero();
  }

  @Test
  void stageRowsAreNamedPerStageAndSayWhenNothingCarriedTheKey() {
    List<BenchRow> rows = TemporalPipelineCost.stageRows(List.of(Map.of("detect", 50L, "total", 900L)));
    assertThat(rows).extracting(BenchRow::name)
        .containsExactly("pipeline.temporal_ms_per_video.detect", "pipeline.temporal_ms_per_video.score");
    assertThat(rows).allSatisfy(row -> {
      assertThat(row.value()).isZero();
      assertThat(row.limit()).isZero();
      assertThat(row.note()).contains("0 of 1").contains("temporal path off");
    });
    // the split chart reads only the stage rows, never these
    assertThat(rows).noneMatch(row -> row.name().startsWith(StageSplitChart.STAGE_ROW_PREFIX));
  }

  @Test
  void bareLandmarkTensorIsRgbPlanesOfTheBgrCrop() {
    int n = 192 * 192;
    byte[] bgr = new byte[3 * n];
    for (int p = 0; p < n; p++) {
      bgr[3 * p] = 10; // B
      bgr[3 * p + 1] = 20; // G
      bgr[3 * p + 2] = (byte) 200; // R, above 127: read unsigned
    }
    FloatBuffer tensor = TemporalBenchmark.planarRgb(bgr);
    assertThat(tensor.remaining()).isEqualTo(3 * n);
    assertThat(tensor.get(0)).isEqualTo(200f);
    assertThat(tensor.get(n - 1)).isEqualTo(200f);
    assertThat(tensor.get(n)).isEqualTo(20f);
    assertThat(tensor.get(2 * n)).isEqualTo(10f);
  }
}
