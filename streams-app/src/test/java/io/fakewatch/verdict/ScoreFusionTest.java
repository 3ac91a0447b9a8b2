package io.fakewatch.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.models.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreFusionTest {
  private static final Calibration NONE = new Calibration(1.0, 0.0);

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  @Test
  void anAbstainingModelIsLeftOutNotCountedAsHalf() {
    LogitMeanFusion fusion = new LogitMeanFusion(1, 1, NONE);
    assertThat(fusion.fuse(0.9, null)).isCloseTo(0.9, within(1e-12));
    assertThat(fusion.fuse(null, 0.2)).isCloseTo(0.2, within(1e-12));
    assertThat(fusion.fuse(0.9, 0.1)).isCloseTo(0.5, within(1e-12));
    assertThatThrownBy(() -> fusion.fuse(null, null)).hasMessageContaining("both models abstained");
  }

  @Test
  void weightedMeanOfClippedLogitsThenTheSigmoidGain() {
    LogitMeanFusion fusion = new LogitMeanFusion(3, 1, NONE);
    assertThat(fusion.fuse(0.9, 0.2)).isCloseTo(ScoreFusion.sigmoid((3 * logit(0.9) + logit(0.2)) / 4), within(1e-12));
    // clipped to [0.01, 0.99] before the logit: a certain model cannot outvote everything
    assertThat(new LogitMeanFusion(1, 1, NONE).fuse(1.0, 0.01)).isCloseTo(0.5, within(1e-12));
    Calibration gain2 = new Calibration(2.0, 0.005);
    double mean = ScoreFusion.sigmoid((logit(0.8) + logit(0.6)) / 2);
    assertThat(new LogitMeanFusion(1, 1, gain2).fuse(0.8, 0.6)).isCloseTo(gain2.apply(mean), within(1e-12));
    assertThat(new LogitMeanFusion(1, 1, gain2).id()).isEqualTo("logit-mean w=1:1, sigmoid-gain s=2.0");
    assertThat(new LogitMeanFusion(0.5, 1, NONE).id()).isEqualTo("logit-mean w=0.5:1, sigmoid-gain s=1.0");
    assertThat(fusion.weights()).containsEntry("frame", 3.0).containsEntry("temporal", 1.0);
  }

  private static final String VALID = """
      {"format": "fakewatch-calibration/1", "frameModel": "meso4_df@2018-keras",
       "temporalModel": "lrnet_g1_ffpp@9a172a0-ffpp+lrnet_g2_ffpp@9a172a0-ffpp", "clip": 0.01, "lambda": 1.0, "videos": 13,
       "platt": {"frame": {"a": 0.5, "b": -0.1}, "temporal": {"a": 1.5, "b": -1.0}},
       "joint": {"intercept": -0.8, "frame": 0.3, "temporal": 1.2}}
      """;

  @Test
  void aFittedFileFusesJointlyOrByPlattAndNamesItselfByHash(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("cal.json"), VALID);
    FittedFusion fusion = FittedFusion.load(file, "meso4_df@2018-keras",
        "lrnet_g1_ffpp@9a172a0-ffpp+lrnet_g2_ffpp@9a172a0-ffpp");
    assertThat(fusion.fuse(0.7, 0.9)).isCloseTo(ScoreFusion.sigmoid(-0.8 + 0.3 * logit(0.7) + 1.2 * logit(0.9)), within(1e-12));
    assertThat(fusion.fuse(0.7, null)).isCloseTo(ScoreFusion.sigmoid(0.5 * logit(0.7) - 0.1), within(1e-12));
    assertThat(fusion.fuse(null, 0.9)).isCloseTo(ScoreFusion.sigmoid(1.5 * logit(0.9) - 1.0), within(1e-12));
    assertThat(fusion.fuse(null, 1.0)).isCloseTo(ScoreFusion.sigmoid(1.5 * logit(0.99) - 1.0), within(1e-12));
    assertThat(fusion.id()).isEqualTo("fitted:cal.json:" + ModelStore.sha256(file).substring(0, 12));
  }

  @Test
  void aFileFittedOnOtherModelsIsRefusedNamingBoth(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("cal.json"), VALID);
    assertThatThrownBy(() -> FittedFusion.load(file, "meso4_f2f@2018-keras", "lrnet_g1_dfo@9a172a0-dfo+lrnet_g2_dfo@9a172a0-dfo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cal.json").hasMessageContaining("meso4_df@2018-keras").hasMessageContaining("meso4_f2f@2018-keras")
        .hasMessageContaining("lrnet_g1_dfo@9a172a0-dfo+lrnet_g2_dfo@9a172a0-dfo");
  }

  @Test
  void malformedFilesNameTheFileAndTheProblem(@TempDir Path dir) throws Exception {
    Path notJson = Files.writeString(dir.resolve("a.json"), "{\"format\": ");
    assertThatThrownBy(() -> CalibrationFile.read(notJson)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.json").hasMessageContaining("not JSON");
    Path missing = Files.writeString(dir.resolve("b.json"), VALID.replace("\"temporal\": 1.2", "\"temporal\": \"x\""));
    assertThatThrownBy(() -> CalibrationFile.read(missing)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b.json").hasMessageContaining("'joint.temporal'");
    Path format = Files.writeString(dir.resolve("c.json"), VALID.replace("fakewatch-calibration/1", "v0"));
    assertThatThrownBy(() -> CalibrationFile.read(format)).hasMessageContaining("c.json").hasMessageContaining("format is 'v0'");
    Path noModel = Files.writeString(dir.resolve("d.json"), VALID.replace("\"frameModel\": \"meso4_df@2018-keras\",", ""));
    assertThatThrownBy(() -> CalibrationFile.read(noModel)).hasMessageContaining("d.json").hasMessageContaining("'frameModel'");
  }
}
