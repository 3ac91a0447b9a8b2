package io.fakewatch.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.verdict.CalibrationFile;
import io.fakewatch.verdict.FittedFusion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationFitTest {
  /** 16 videos: the temporal model separates well, the frame model weakly; a few abstentions of each. */
  private static List<CalibrationFit.Row> rows() {
    Random random = new Random(11);
    List<CalibrationFit.Row> rows = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      boolean fake = i % 2 == 0;
      double frame = Math.min(0.95, Math.max(0.05, (fake ? 0.55 : 0.45) + 0.25 * random.nextGaussian()));
      double temporal = Math.min(0.98, Math.max(0.02, (fake ? 0.75 : 0.3) + 0.15 * random.nextGaussian()));
      rows.add(new CalibrationFit.Row(fake, i == 3 || i == 8 ? null : frame, i == 5 || i == 10 ? null : temporal));
    }
    return rows;
  }

  @Test
  void leaveOneOutIsReportedBesideInSampleAndIsWorse() {
    CalibrationFit.Result result = CalibrationFit.fit(rows(), "meso4_df@2018-keras", "g1+g2", 1.0);
    assertThat(result.inSample().get("fused").videos()).isEqualTo(16);
    assertThat(result.leaveOneOut().get("fused").videos()).isEqualTo(16);
    assertThat(result.inSample().get("frame").videos()).isEqualTo(14);
    assertThat(result.inSample().get("temporal").videos()).isEqualTo(14);
    // a fit that has seen a video predicts it better than one that has not
    assertThat(result.leaveOneOut().get("fused").logLoss()).isGreaterThan(result.inSample().get("fused").logLoss());
    assertThat(result.leaveOneOut().get("temporal").logLoss()).isGreaterThan(result.inSample().get("temporal").logLoss());
    // the informative model gets the larger joint coefficient
    assertThat(result.parameters().joint().temporal()).isGreaterThan(result.parameters().joint().frame());
    assertThat(result.parameters().temporal().a()).isPositive();
    assertThat(result.figures().get("leaveOneOut").get("fused").get("logLoss").asDouble())
        .isEqualTo(result.leaveOneOut().get("fused").logLoss());
  }

  @Test
  void theWrittenFileFusesAsTheFitPredicts(@TempDir Path dir) throws Exception {
    CalibrationFit.Result result = CalibrationFit.fit(rows(), "meso4_df@2018-keras", "g1+g2", 1.0);
    Path file = dir.resolve("cal.json");
    CalibrationFile.write(file, result.parameters(), result.figures());
    FittedFusion fusion = FittedFusion.load(file, "meso4_df@2018-keras", "g1+g2");
    CalibrationFile.Parameters p = result.parameters();
    assertThat(fusion.fuse(0.7, 0.2)).isCloseTo(p.predict(0.7, 0.2), within(1e-12));
    assertThat(fusion.fuse(null, 0.2)).isCloseTo(p.temporal().apply(Math.log(0.2 / 0.8)), within(1e-12));
    assertThat(fusion.fuse(0.7, null)).isCloseTo(p.frame().apply(Math.log(0.7 / 0.3)), within(1e-12));
    assertThat(fusion.weights()).containsEntry("temporal", p.joint().temporal());
  }

  @Test
  void tooFewVideosOfAClassIsAClearError() {
    List<CalibrationFit.Row> rows = List.of(new CalibrationFit.Row(true, 0.9, 0.9), new CalibrationFit.Row(true, 0.8, 0.7),
        new CalibrationFit.Row(false, 0.2, 0.3));
    assertThatThrownBy(() -> CalibrationFit.fit(rows, "f", "t", 1.0))
        .hasMessageContaining("at least 2 FAKE and 2 REAL").hasMessageContaining("got 2 FAKE and 1 REAL");
  }
}
