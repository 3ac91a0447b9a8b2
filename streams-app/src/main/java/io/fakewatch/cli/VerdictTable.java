package io.fakewatch.cli;

import io.fakewatch.events.VideoVerdict;

/** Fixed-width text rows for verdicts, shared by {@code verdicts} and {@code demo}. */
final class VerdictTable {
  private VerdictTable() {}

  static String header() {
    return String.format("%-20s %-7s %-12s %6s %6s %7s  %s", "videoId", "label", "status", "prob", "tracks", "ms", "uri");
  }

  static String row(VideoVerdict v) {
    Long total = v.getTimings().get("total");
    return String.format("%-20s %-7s %-12s %6.3f %6d %7s  %s", v.getVideoId(), v.getLabel(), v.getStatus(),
        v.getProbability(), v.getTracks().size(), total == null ? "-" : total.toString(), v.getUri());
  }
}
