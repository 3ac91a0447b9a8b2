package io.fakewatch.bench;

import java.util.Arrays;
import java.util.List;

/** Median and spread of repeated measurements. */
public record BenchStats(double median, double min, double max, int repetitions) {
  public static BenchStats of(List<Double> samples) {
    double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new BenchStats(median, sorted[0], sorted[n - 1], n);
  }

  public static BenchStats of(double... samples) {
    return of(Arrays.stream(samples).boxed().toList());
  }

  /** "(min–max over n)" for a row's note. */
  public String spread() {
    return String.format(java.util.Locale.ROOT, "spread %.2f-%.2f over %d runs", min, max, repetitions);
  }
}
