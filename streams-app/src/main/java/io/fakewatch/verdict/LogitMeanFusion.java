package io.fakewatch.verdict;

import java.util.Map;

/** Weighted mean of the present models' logits, then the sigmoid-gain calibration (placeholder). */
public record LogitMeanFusion(double frameWeight, double temporalWeight, Calibration calibration) implements ScoreFusion {
  @Override
  public String id() {
    return "logit-mean w=" + frameWeight + ":" + temporalWeight + ", sigmoid-gain s=" + calibration.gain();
  }

  @Override
  public Map<String, Double> weights() {
    return Map.of("frame", frameWeight, "temporal", temporalWeight);
  }

  @Override
  public double fuse(Double frame, Double temporal) {
    return fuse(frame, temporal, frameWeight, temporalWeight);
  }

  private double fuse(Double frame, Double temporal, double frameWeight, double temporalWeight) {
    double sum = 0;
    double weight = 0;
    if (frame != null) {
      sum += frameWeight * logit(frame);
      weight += frameWeight;
    }
    if (temporal != null) {
      sum += temporalWeight * logit(temporal);
      weight += temporalWeight;
    }
    if (weight == 0) {
      // the one model present has weight 0: it still decides, rather than a made-up 0.5
      return fuse(frame == null ? null : frame, temporal == null ? null : temporal, 1, 1);
    }
    return calibration.apply(1 / (1 + Math.exp(-sum / weight)));
  }

  private static double logit(double p) {
    double q = Math.min(Math.max(p, 0.01), 0.99);
    return Math.log(q / (1 - q));
  }
}
