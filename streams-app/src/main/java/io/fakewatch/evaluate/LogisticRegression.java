package io.fakewatch.evaluate;

/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS): deterministic, no learning rate,
 * a handful of iterations for the one or two features a calibration has.
 *
 * <p>The penalty λ·|w|²/2 is on the coefficients only. Calibration sets are tiny (a dozen videos) and often
 * separable, where the unpenalised maximum-likelihood coefficients run off to infinity; λ = 1 keeps them
 * finite and shrinks a model towards "no influence" unless the data say otherwise. The intercept is left
 * free so the fit still reproduces the set's share of fakes: penalising it would pull every prediction
 * towards 0.5 whatever the class balance.
 */
public final class LogisticRegression {
  public static final double DEFAULT_LAMBDA = 1.0;
  private static final int MAX_ITERATIONS = 100;
  private static final double TOLERANCE = 1e-10;

  /** p = sigmoid(intercept + Σ coefficients[j] · x[j]). */
  public record Model(double intercept, double[] coefficients) {
    public double predict(double[] x) {
      double z = intercept;
      for (int j = 0; j < coefficients.length; j++) {
        z += coefficients[j] * x[j];
      }
      return 1.0 / (1.0 + Math.exp(-z));
    }
  }

  private LogisticRegression() {}

  /** Fits rows {@code x[i]} (all of one length) against {@code y[i]}; both classes must be present. */
  public static Model fit(double[][] x, boolean[] y, double lambda) {
    int n = x.length;
    if (n == 0 || n != y.length) {
      throw new IllegalArgumentException("logistic regression needs rows with one label each, got " + n + " and " + y.length);
    }
    int positives = 0;
    for (boolean label : y) {
      positives += label ? 1 : 0;
    }
    if (positives == 0 || positives == n) {
      // with one class the unpenalised intercept has no finite optimum
      throw new IllegalArgumentException("logistic regression needs both classes, got " + positives + " of " + n + " positive");
    }
    if (lambda < 0) {
      throw new IllegalArgumentException("lambda must be >= 0, got " + lambda);
    }
    int d = x[0].length + 1;
    double[] w = new double[d]; // w[0] = intercept
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] gradient = new double[d];
      double[][] hessian = new double[d][d];
      for (int i = 0; i < n; i++) {
        double[] row = withBias(x[i], d);
        double z = 0;
        for (int j = 0; j < d; j++) {
          z += w[j] * row[j];
        }
        double p = 1.0 / (1.0 + Math.exp(-z));
        double weight = p * (1 - p);
        for (int j = 0; j < d; j++) {
          gradient[j] += (p - (y[i] ? 1 : 0)) * row[j];
          for (int k = 0; k < d; k++) {
            hessian[j][k] += weight * row[j] * row[k];
          }
        }
      }
      for (int j = 1; j < d; j++) {
        gradient[j] += lambda * w[j];
        hessian[j][j] += lambda;
      }
      double[] step = solve(hessian, gradient);
      double largest = 0;
      for (int j = 0; j < d; j++) {
        w[j] -= step[j];
        largest = Math.max(largest, Math.abs(step[j]));
      }
      if (largest < TOLERANCE) {
        break;
      }
    }
    double[] coefficients = new double[d - 1];
    System.arraycopy(w, 1, coefficients, 0, d - 1);
    return new Model(w[0], coefficients);
  }

  private static double[] withBias(double[] x, int d) {
    if (x.length != d - 1) {
      throw new IllegalArgumentException("row has " + x.length + " features, expected " + (d - 1));
    }
    double[] row = new double[d];
    row[0] = 1;
    System.arraycopy(x, 0, row, 1, x.length);
    return row;
  }

  /** Gaussian elimination with partial pivoting; the system is at most 3×3 here. */
  static double[] solve(double[][] a, double[] b) {
    int d = b.length;
    double[][] m = new double[d][d + 1];
    for (int i = 0; i < d; i++) {
      System.arraycopy(a[i], 0, m[i], 0, d);
      m[i][d] = b[i];
    }
    for (int col = 0; col < d; col++) {
      int pivot = col;
      for (int r = col + 1; r < d; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(m[pivot][col]) < 1e-300) {
        throw new IllegalStateException("singular Hessian: a feature is constant or the data are separable with lambda 0");
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      for (int r = 0; r < d; r++) {
        if (r != col) {
          double f = m[r][col] / m[col][col];
          for (int c = col; c <= d; c++) {
            m[r][c] -= f * m[col][c];
          }
        }
      }
    }
    double[] out = new double[d];
    for (int i = 0; i < d; i++) {
      out[i] = m[i][d] / m[i][i];
    }
    return out;
  }
}
