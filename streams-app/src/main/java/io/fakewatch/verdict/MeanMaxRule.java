package io.fakewatch.verdict;

import java.util.Arrays;
import java.util.List;

/** The DFDC baseline: average the frames of each track, then take the most suspicious track. */
public final class MeanMaxRule implements AggregationRule {
  public static final String NAME = "mean-max";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double videoProbability(List<double[]> tracks) {
    return tracks.stream().mapToDouble(t -> Arrays.stream(t).average().orElseThrow()).max().orElseThrow();
  }
}
