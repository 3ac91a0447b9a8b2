package io.fakewatch.bench;

import java.util.Locale;

/**
 * One benchmark figure next to the raw limit of the same work measured in the same run.
 * {@code ratio = value / limit} (for rates; for latencies the benchmark says which way is better).
 */
public record BenchRow(String name, double value, String unit, double limit, String note) {
  public double ratio() {
    return limit > 0 ? value / limit : Double.NaN;
  }

  /** A printable line; {@code ratio=} is there for scripts to grep. */
  public String line() {
    String ratio = limit > 0 ? String.format(Locale.ROOT, "ratio=%.3f", ratio()) : "ratio=-";
    return String.format(Locale.ROOT, "%-36s %12.2f %-12s limit=%-12.2f %s  %s", name, value, unit, limit, ratio, note);
  }
}
