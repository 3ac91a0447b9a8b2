package io.fakewatch.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
  @Test
  void recoversTheCoefficientsThatGeneratedTheData() {
    Random random = new Random(7);
    int n = 20_000;
    double[][] x = new double[n][2];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = random.nextGaussian();
      x[i][1] = random.nextGaussian();
      double p = 1 / (1 + Math.exp(-(0.5 + 2.0 * x[i][0] - 1.0 * x[i][1])));
      y[i] = random.nextDouble() < p;
    }
    LogisticRegression.Model model = LogisticRegression.fit(x, y, LogisticRegression.DEFAULT_LAMBDA);
    assertThat(model.intercept()).isCloseTo(0.5, within(0.08));
    assertThat(model.coefficients()[0]).isCloseTo(2.0, within(0.1));
    assertThat(model.coefficients()[1]).isCloseTo(-1.0, within(0.08));
    // deterministic: the same data give the same fit to the last bit
    assertThat(LogisticRegression.fit(x, y, 1.0)).usingRecursiveComparison().isEqualTo(model);
  }

  @Test
  void unpenalisedFitOfABinaryFeatureIsTheClosedForm() {
    // x = 0: 3 fakes of 4 → logit 0.75 = ln 3; x = 1: 1 fake of 4 → logit 0.25 = −ln 3
    double[][] x = {{0}, {0}, {0}, {0}, {1}, {1}, {1}, {1}};
    boolean[] y = {true, true, true, false, true, false, false, false};
    LogisticRegression.Model model = LogisticRegression.fit(x, y, 0);
    assertThat(model.intercept()).isCloseTo(Math.log(3), within(1e-9));
    assertThat(model.coefficients()[0]).isCloseTo(-2 * Math.log(3), within(1e-9));
  }

  @Test
  void theInterceptIsNotPenalised() {
    // no information in the feature: the intercept alone must reproduce the 3-in-4 share of fakes, even with λ = 1
    double[][] x = {{0}, {0}, {0}, {0}};
    boolean[] y = {true, true, true, false};
    LogisticRegression.Model model = LogisticRegression.fit(x, y, 1.0);
    assertThat(model.intercept()).isCloseTo(Math.log(3), within(1e-9));
    assertThat(model.coefficients()[0]).isCloseTo(0, within(1e-12));
  }

  @Test
  void regularisationKeepsSeparableDataFinite() {
    double[][] x = {{-2}, {-1}, {-0.5}, {0.5}, {1}, {2}};
    boolean[] y = {false, false, false, true, true, true};
    LogisticRegression.Model strong = LogisticRegression.fit(x, y, 1.0);
    LogisticRegression.Model weak = LogisticRegression.fit(x, y, 0.01);
    assertThat(strong.coefficients()[0]).isPositive().isLessThan(5);
    assertThat(Double.isFinite(weak.coefficients()[0])).isTrue();
    // less penalty, steeper fit: the penalty is what holds it back
    assertThat(weak.coefficients()[0]).isGreaterThan(2 * strong.coefficients()[0]);
    assertThat(strong.predict(new double[] {2})).isGreaterThan(0.5);
    assertThat(strong.predict(new double[] {-2})).isLessThan(0.5);
  }

  @Test
  void oneClassIsRefused() {
    assertThatThrownBy(() -> LogisticRegression.fit(new double[][] {{1}, {2}}, new boolean[] {true, true}, 1))
        .hasMessageContaining("both classes");
  }
}
