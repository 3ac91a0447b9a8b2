package io.fakewatch.verdict;

import java.util.Arrays;
import java.util.List;

/**
 * The "confident strategy" of the DFDC 1st-place solution (selimsef), over every scored face of the
 * video as in the original: if enough faces are confidently fake (more than {@code minFakes} and more than
 * n / 2.5), average only those; else if over 90 % are confidently real (below 0.2), average those; else
 * average everything. One swapped face in a crowd is then not diluted by the real faces around it.
 */
public final class ConfidentStrategyRule implements AggregationRule {
  public static final String NAME = "confident";
  private static final double CONFIDENT_REAL = 0.2;

  private final double threshold;
  private final int minFakes;

  public ConfidentStrategyRule(double threshold, int minFakes) {
    this.threshold = threshold;
    this.minFakes = minFakes;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double videoProbability(List<double[]> tracks) {
    double[] all = tracks.stream().flatMapToDouble(Arrays::stream).toArray();
    int n = all.length;
    double[] fakes = Arrays.stream(all).filter(p -> p > threshold).toArray();
    // the original's integer division: sz // 2.5
    if (fakes.length > Math.floor(n / 2.5) && fakes.length > minFakes) {
      return Arrays.stream(fakes).average().orElseThrow();
    }
    double[] reals = Arrays.stream(all).filter(p -> p < CONFIDENT_REAL).toArray();
    if (reals.length > 0.9 * n) {
      return Arrays.stream(reals).average().orElseThrow();
    }
    return Arrays.stream(all).average().orElseThrow();
  }
}
