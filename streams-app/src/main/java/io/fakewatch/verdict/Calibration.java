package io.fakewatch.verdict;

/** Sigmoid-gain calibration (logit × s) followed by clipping to [ε, 1 − ε]. */
public record Calibration(double gain, double epsilon) {
  public double apply(double probability) {
    double p = Math.min(Math.max(probability, 1e-12), 1 - 1e-12);
    double scaled = 1.0 / (1.0 + Math.exp(-gain * Math.log(p / (1 - p))));
    return Math.min(Math.max(scaled, epsilon), 1 - epsilon);
  }
}
