package io.fakewatch.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Prometheus text scrape, and a check of PromQL queries against it: every FakeWatch or Kafka
 * metric a query names must exist, every label it filters or groups by must exist on it, and each
 * selector must match at least one series. Not a PromQL engine (promtool checks the syntax); enough to
 * catch a renamed meter, a dropped label, or a regex that selects nothing.
 */
final class Scrape {
  record Series(String name, Map<String, String> labels, String value) {}

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern METRIC = Pattern.compile("\\b((?:fakewatch|kafka)_[a-z0-9_]+)\\b(\\{[^}]*\\})?");
  private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

  /** Labels Prometheus adds at scrape time (plus the histogram bucket label), absent from /metrics. */
  private static final java.util.Set<String> TARGET_LABELS = java.util.Set.of("le", "instance", "job");

  private final List<Series> series = new ArrayList<>();

  Scrape(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      series.add(new Series(m.group(1), labels, m.group(3)));
    }
  }

  List<Series> named(String name) {
    return series.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** What is wrong with {@code query} against this scrape; empty when nothing is. */
  List<String> problems(String query) {
    List<String> problems = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Matcher metric = METRIC.matcher(query);
    while (metric.find()) {
      String name = metric.group(1);
      names.add(name);
      List<Series> found = named(name);
      if (found.isEmpty()) {
        problems.add("no series " + name);
        continue;
      }
      if (metric.group(2) != null && found.stream().noneMatch(s -> matches(s, metric.group(2)))) {
        problems.add("no series " + name + metric.group(2));
      }
    }
    Matcher grouping = GROUPING.matcher(query);
    while (grouping.find()) {
      for (String raw : grouping.group(1).split(",")) {
        String label = raw.strip();
        boolean known = label.isEmpty() || TARGET_LABELS.contains(label)
            || names.stream().flatMap(n -> named(n).stream()).anyMatch(s -> s.labels().containsKey(label));
        if (!known) {
          problems.add("label '" + label + "' is on none of " + names);
        }
      }
    }
    return problems;
  }

  private static boolean matches(Series series, String selector) {
    Matcher m = MATCHER.matcher(selector);
    while (m.find()) {
      String actual = series.labels().get(m.group(1));
      String wanted = m.group(3).replace("\\\\", "\\");
      boolean ok = switch (m.group(2)) {
        case "=" -> wanted.equals(actual == null ? "" : actual);
        case "!=" -> !wanted.equals(actual == null ? "" : actual);
        case "=~" -> actual != null && actual.matches(wanted);
        default -> actual == null || !actual.matches(wanted);
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
