package io.fakewatch.verdict;

import java.util.Map;

/** How a track's model scores become one probability (placeholder until the calibration branch lands). */
public interface ScoreFusion {
  String id();

  Map<String, Double> weights();

  /** null = that model abstained; at least one is present. */
  double fuse(Double frameProbability, Double temporalProbability);
}
