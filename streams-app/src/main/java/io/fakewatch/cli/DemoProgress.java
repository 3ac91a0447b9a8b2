package io.fakewatch.cli;

import io.fakewatch.app.ProgressWatcher.Stage;
import io.fakewatch.events.VideoVerdict;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's progress display. On a terminal: one line per video, redrawn in place (ANSI cursor-up and
 * erase-line) as the video moves through the stages. Elsewhere (a file, a pipe, CI): one compact line per
 * finished video, with a bar of how many are done. Thread-safe: the progress watcher and the verdict
 * reader call it from their own threads.
 */
final class DemoProgress {
  private static final int BAR = 20;

  private final PrintStream out;
  private final boolean live;
  private final long startedNanos;
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private int drawn;
  private int done;

  private static final class Row {
    String name;
    Stage stage = Stage.SUBMITTED;
    String result;
    double seconds;

    Row(String name) {
      this.name = name;
    }
  }

  DemoProgress(PrintStream out, boolean live, long startedNanos) {
    this.out = out;
    this.live = live;
    this.startedNanos = startedNanos;
  }

  /** Whether this JVM's stdout is an interactive terminal that understands ANSI. */
  static boolean isTerminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  synchronized void submitted(String videoId, String name) {
    row(videoId).name = name;
    redraw();
  }

  synchronized void reached(String videoId, Stage stage) {
    Row row = row(videoId);
    if (row.result == null && stage.compareTo(row.stage) > 0) {
      row.stage = stage;
      row.seconds = seconds();
      redraw();
    }
  }

  synchronized void verdict(String videoId, VideoVerdict verdict) {
    Row row = row(videoId);
    if (row.result != null) {
      return; // a duplicate: the table reports it
    }
    row.stage = Stage.VERDICT;
    row.seconds = seconds();
    row.result = String.format(Locale.ROOT, "%-4s %.3f %s", verdict.getLabel(), verdict.getProbability(),
        verdict.getStatus());
    done++;
    if (live) {
      redraw();
    } else {
      out.println(String.format(Locale.ROOT, "[%s] %3d/%-3d %6.1fs  %-44s %s", bar(done, rows.size()), done,
          rows.size(), row.seconds, row.name, row.result));
    }
  }

  private Row row(String videoId) {
    return rows.computeIfAbsent(videoId, Row::new);
  }

  private void redraw() {
    if (!live) {
      return;
    }
    StringBuilder frame = new StringBuilder();
    if (drawn > 0) {
      frame.append("\u001b[").append(drawn).append('F'); // to the start of the first line drawn
    }
    for (Row row : rows.values()) {
      frame.append("\u001b[2K").append(line(row)).append('\n');
    }
    drawn = rows.size();
    out.print(frame);
    out.flush();
  }

  /** One video's line on a terminal: its name, the stages passed, and the verdict once there. */
  static String line(String name, Stage stage, String result, double seconds) {
    int passed = stage.ordinal(); // SUBMITTED=0 .. VERDICT=4
    String steps = "#".repeat(passed) + "-".repeat(Stage.values().length - 1 - passed);
    String what = result != null ? result : stage == Stage.SUBMITTED ? "queued" : stage.name().toLowerCase(Locale.ROOT) + " done";
    return String.format(Locale.ROOT, "  %-44s [%s] %-24s %6.1fs", name, steps, what, seconds);
  }

  private static String line(Row row) {
    return line(row.name, row.stage, row.result, row.seconds);
  }

  static String bar(int done, int total) {
    int filled = total == 0 ? BAR : (int) Math.round(BAR * (double) done / total);
    return "#".repeat(filled) + "-".repeat(BAR - filled);
  }

  private double seconds() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
