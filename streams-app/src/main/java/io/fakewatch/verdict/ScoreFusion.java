package io.fakewatch.verdict;

import java.util.Map;

/**
 * How a track's frame and temporal probabilities become one FAKE probability. A null argument means that
 * model abstained: it is left out, never counted as 0.5 (which would drag a confident model to the middle).
 */
public interface ScoreFusion {
  /** Inputs are clipped to [CLIP, 1 − CLIP] before the logit, as the prototype did: one 0.9999 cannot dominate. */
  double CLIP = 0.01;

  /** What verdicts carry in {@code calibration}, e.g. "logit-mean w=1:1, sigmoid-gain s=1.0". */
  String id();

  /** The weight per model kind ("frame", "temporal"): what verdicts carry in {@code fusion}. */
  Map<String, Double> weights();

  /** The fused, calibrated FAKE probability; at least one argument must be non-null. */
  double fuse(Double frameProbability, Double temporalProbability);

  static double clippedLogit(double probability, double clip) {
    double p = Math.min(Math.max(probability, clip), 1 - clip);
    return Math.log(p / (1 - p));
  }

  static double sigmoid(double logit) {
    return 1.0 / (1.0 + Math.exp(-logit));
  }

  static void requireOne(Double frameProbability, Double temporalProbability) {
    if (frameProbability == null && temporalProbability == null) {
      throw new IllegalArgumentException("both models abstained: nothing to fuse");
    }
  }
}
