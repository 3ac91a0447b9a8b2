package io.fakewatch.score;

/** Converting a model's output to a FAKE logit, whatever the model says it outputs. */
public final class Logits {
  static final double EPSILON = 1e-7;

  private Logits() {}

  public static double logit(double p) {
    double q = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
    return Math.log(q / (1 - q));
  }

  public static double sigmoid(double logit) {
    return 1 / (1 + Math.exp(-logit));
  }

  /** @param meaning the manifest's output meaning: prob_real, prob_fake, logit_real or logit_fake */
  public static double fakeLogit(double output, String meaning) {
    return switch (meaning) {
      case "prob_real" -> -logit(output);
      case "prob_fake" -> logit(output);
      case "logit_real" -> -output;
      case "logit_fake" -> output;
      default -> throw new IllegalArgumentException("unknown classifier output meaning '" + meaning + "'");
    };
  }
}
