package io.fakewatch.evaluate;

import java.util.List;

/** The DFDC metrics over (probability of FAKE, truth) pairs. */
public final class Metrics {
  /** Kaggle's DFDC log loss clipped predictions to [1e-15, 1 - 1e-15]. */
  public static final double LOG_LOSS_EPSILON = 1e-15;

  public record Scored(double probability, boolean fake) {}

  private Metrics() {}

  public static double logLoss(List<Scored> rows) {
    double sum = 0;
    for (Scored row : rows) {
      double p = Math.min(Math.max(row.probability(), LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
      sum += row.fake() ? -Math.log(p) : -Math.log(1 - p);
    }
    return sum / rows.size();
  }

  /** ROC AUC as the probability that a random fake outscores a random real (ties count half); NaN without both classes. */
  public static double auc(List<Scored> rows) {
    long fakes = rows.stream().filter(Scored::fake).count();
    long reals = rows.size() - fakes;
    if (fakes == 0 || reals == 0) {
      return Double.NaN;
    }
    double wins = 0;
    for (Scored fake : rows) {
      if (!fake.fake()) {
        continue;
      }
      for (Scored real : rows) {
        if (real.fake()) {
          continue;
        }
        wins += fake.probability() > real.probability() ? 1 : fake.probability() == real.probability() ? 0.5 : 0;
      }
    }
    return wins / (fakes * (double) reals);
  }

  public static double accuracy(List<Scored> rows, double threshold) {
    long right = rows.stream().filter(r -> (r.probability() >= threshold) == r.fake()).count();
    return right / (double) rows.size();
  }
}
