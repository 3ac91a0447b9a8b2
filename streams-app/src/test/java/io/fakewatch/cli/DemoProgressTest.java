package io.fakewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.ProgressWatcher.Stage;
import io.fakewatch.events.Label;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoVerdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's progress display, on a terminal (redrawn in place) and in a file (a line per finished video). */
class DemoProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void notATerminalPrintsOneLinePerFinishedVideoAndNoEscapes() {
    DemoProgress progress = new DemoProgress(out, false, System.nanoTime());
    progress.submitted("v-1", "a.mp4");
    progress.submitted("v-2", "b.mp4");
    progress.reached("v-1", Stage.INGEST);
    progress.reached("v-1", Stage.SCORE);
    assertThat(text()).isEmpty();
    progress.verdict("v-2", verdict("v-2", Label.FAKE, 0.91, Status.OK));
    progress.verdict("v-1", verdict("v-1", Label.UNKNOWN, 0.5, Status.REJECTED));
    progress.verdict("v-1", verdict("v-1", Label.UNKNOWN, 0.5, Status.REJECTED)); // a duplicate: no new line
    List<String> lines = text().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("[##########----------]   1/2").contains("b.mp4").endsWith("FAKE 0.910 OK");
    assertThat(lines.get(1)).startsWith("[####################]   2/2").contains("a.mp4").endsWith("UNKNOWN 0.500 REJECTED");
    assertThat(text()).doesNotContain("\u001b");
  }

  @Test
  void onATerminalEachVideoKeepsOneLineRedrawnInPlace() {
    DemoProgress progress = new DemoProgress(out, true, System.nanoTime());
    progress.submitted("v-1", "a.mp4");
    progress.submitted("v-2", "b.mp4");
    progress.reached("v-2", Stage.DETECT);
    progress.reached("v-2", Stage.INGEST); // never backwards
    progress.verdict("v-1", verdict("v-1", Label.REAL, 0.12, Status.OK));
    String[] frames = text().split("\u001b\\[\\d+F", -1);
    // first frame drawn from the top, each later one moves the cursor up over what was drawn
    assertThat(frames).as("4 draws: two submissions, detect, the verdict (ingest after detect draws nothing)").hasSize(4);
    assertThat(text()).contains("\u001b[1F").contains("\u001b[2F");
    String last = frames[frames.length - 1];
    List<String> lines = last.lines().map(l -> l.replace("\u001b[2K", "")).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("a.mp4").contains("[####]").contains("REAL 0.120 OK");
    assertThat(lines.get(1)).contains("b.mp4").contains("[##--]").contains("detect done");
  }

  @Test
  void lineAndBarShapes() {
    assertThat(DemoProgress.line("x.mp4", Stage.SUBMITTED, null, 1.0)).contains("[----] queued");
    assertThat(DemoProgress.bar(0, 4)).isEqualTo("-".repeat(20));
    assertThat(DemoProgress.bar(1, 4)).isEqualTo("#".repeat(5) + "-".repeat(15));
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static VideoVerdict verdict(String id, Label label, double p, Status status) {
    return VideoVerdict.newBuilder().setVideoId(id).setUri("file:///x").setLabel(label).setProbability(p)
        .setStatus(status).setTracks(List.of()).setTimings(Map.of()).setRequestedAt(Instant.EPOCH)
        .setDecidedAt(Instant.EPOCH).build();
  }
}
