package io.fakewatch.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AggregationRulesTest {
  @Test
  void meanMaxAveragesEachTrackThenTakesTheMostSuspicious() {
    // track A mean 0.2, track B mean (0.9 + 0.5 + 0.7) / 3 = 0.7
    double p = new MeanMaxRule().videoProbability(List.of(new double[] {0.1, 0.3}, new double[] {0.9, 0.5, 0.7}));
    assertThat(p).isCloseTo(0.7, within(1e-12));
  }

  @Test
  void confidentStrategyAveragesOnlyConfidentFakesWhenThereAreEnough() {
    // 32 frames: 14 at 0.95, 18 at 0.3. fakes = 14 > 32 // 2.5 = 12 and 14 > 11 → mean of the fakes
    double[] frames = new double[32];
    for (int i = 0; i < 32; i++) {
      frames[i] = i < 14 ? 0.95 : 0.3;
    }
    assertThat(new ConfidentStrategyRule(0.8, 11).videoProbability(List.of(frames))).isCloseTo(0.95, within(1e-12));
    // mean-max on the same frames would dilute it: (14 * 0.95 + 18 * 0.3) / 32
    assertThat(new MeanMaxRule().videoProbability(List.of(frames))).isCloseTo((14 * 0.95 + 18 * 0.3) / 32, within(1e-12));
  }

  @Test
  void confidentStrategyFallsBackToConfidentRealsThenToTheMean() {
    // 12 fakes: not more than 32 // 2.5 = 12 → not the fake branch; 20 at 0.1 is not > 90 % real → plain mean
    double[] frames = new double[32];
    for (int i = 0; i < 32; i++) {
      frames[i] = i < 12 ? 0.9 : 0.1;
    }
    assertThat(new ConfidentStrategyRule(0.8, 11).videoProbability(List.of(frames)))
        .isCloseTo((12 * 0.9 + 20 * 0.1) / 32, within(1e-12));
    // 30 of 32 below 0.2 (> 0.9 * 32 = 28.8) → mean of those reals only
    double[] mostlyReal = new double[32];
    for (int i = 0; i < 32; i++) {
      mostlyReal[i] = i < 30 ? 0.05 : 0.6;
    }
    assertThat(new ConfidentStrategyRule(0.8, 11).videoProbability(List.of(mostlyReal))).isCloseTo(0.05, within(1e-12));
  }

  @Test
  void confidentStrategyPoolsEveryFaceOfTheVideo() {
    // two tracks of 16: one swapped face (all 0.9), one real (all 0.4): 16 fakes > 32 // 2.5 and > 11
    double[] swapped = new double[16];
    double[] real = new double[16];
    java.util.Arrays.fill(swapped, 0.9);
    java.util.Arrays.fill(real, 0.4);
    assertThat(new ConfidentStrategyRule(0.8, 11).videoProbability(List.of(swapped, real))).isCloseTo(0.9, within(1e-12));
  }

  @Test
  void calibrationScalesTheLogitThenClips() {
    // p = 0.8: logit = ln 4; gain 2 → sigmoid(2 ln 4) = 16 / 17
    assertThat(new Calibration(2.0, 0.0).apply(0.8)).isCloseTo(16.0 / 17.0, within(1e-12));
    // gain 0.5 → sigmoid(0.5 ln 4) = 2 / 3
    assertThat(new Calibration(0.5, 0.0).apply(0.8)).isCloseTo(2.0 / 3.0, within(1e-12));
    assertThat(new Calibration(1.0, 0.0).apply(0.3)).isCloseTo(0.3, within(1e-12));
    assertThat(new Calibration(1.0, 0.01).apply(0.9999)).isEqualTo(0.99);
    assertThat(new Calibration(1.0, 0.01).apply(0.0)).isEqualTo(0.01);
    assertThat(new Calibration(3.0, 0.0).apply(0.5)).isCloseTo(0.5, within(1e-12));
  }
}
