package io.fakewatch.verdict;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The untrained fusion: the weighted mean of the present models' logits (weights renormalised over the
 * models that did not abstain), then the sigmoid-gain {@link Calibration}.
 */
public record LogitMeanFusion(double frameWeight, double temporalWeight, Calibration calibration) implements ScoreFusion {
  public LogitMeanFusion {
    if (frameWeight < 0 || temporalWeight < 0 || frameWeight + temporalWeight <= 0) {
      throw new IllegalArgumentException("fusion weights must be >= 0 and not both 0, got " + frameWeight + ":" + temporalWeight);
    }
  }

  @Override
  public String id() {
    return "logit-mean w=" + compact(frameWeight) + ":" + compact(temporalWeight) + ", sigmoid-gain s=" + calibration.gain();
  }

  @Override
  public Map<String, Double> weights() {
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("frame", frameWeight);
    weights.put("temporal", temporalWeight);
    return weights;
  }

  @Override
  public double fuse(Double frameProbability, Double temporalProbability) {
    ScoreFusion.requireOne(frameProbability, temporalProbability);
    double wf = frameProbability == null ? 0 : frameWeight;
    double wt = temporalProbability == null ? 0 : temporalWeight;
    if (wf + wt == 0) {
      // the only model present has weight 0: it is still the only evidence there is, so it counts alone
      wf = frameProbability == null ? 0 : 1;
      wt = temporalProbability == null ? 0 : 1;
    }
    double logit = (wf == 0 ? 0 : wf * ScoreFusion.clippedLogit(frameProbability, CLIP))
        + (wt == 0 ? 0 : wt * ScoreFusion.clippedLogit(temporalProbability, CLIP));
    return calibration.apply(ScoreFusion.sigmoid(logit / (wf + wt)));
  }

  private static String compact(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
  }
}
