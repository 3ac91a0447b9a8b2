package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fakewatch.events.Frame;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.serde.VideoRequests;
import io.fakewatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real worker processes: the records they send, the limits they run under, and what a crash or a hang costs. */
class DecoderPoolTest {
  private static final Path VIDEO = SharedData.video("Deepfakes_c23_519_515.mp4");

  @TempDir Path dir;

  @Test
  void aWorkerSendsTheRecordsTheInProcessPathMakesUnderItsLimits() throws Exception {
    // a copy size under the video's 640 px, so the worker has detection copies to make (it gets the key)
    IngestSettings settings = TestVideos.settings(Map.of(IngestSettings.CLIPS_PER_VIDEO, "1", IngestSettings.DETECTION_COPY_PX, "320"),
        SharedData.videos());
    VideoRequest request = VideoRequests.of("v", VIDEO.toUri().toString(), Instant.now());
    List<FrameBatch> expected = new VideoRecords(settings).read(request, VIDEO, Files.size(VIDEO));
    assertThat(expected.get(0).getFrames()).allSatisfy(f -> assertThat(f.getDetectionJpeg()).isNotNull());
    try (DecoderPool pool = new DecoderPool(settings, DecodeWorker.class, true)) {
      List<FrameBatch> isolated = pool.read(request, VIDEO, Files.size(VIDEO));
      assertThat(isolated).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(jpegs(isolated.get(i))).as("record %d", i).isEqualTo(jpegs(expected.get(i)));
        assertThat(isolated.get(i).getVideo()).isEqualTo(expected.get(i).getVideo());
        assertThat(isolated.get(i).getClipIndex()).isEqualTo(expected.get(i).getClipIndex());
      }
      long pid = pool.idlePids().get(0);
      String limits = Files.readString(Path.of("/proc", String.valueOf(pid), "limits"));
      System.out.println("decoder worker " + pid + ": " + Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))
          .stream().filter(l -> l.startsWith("VmPeak") || l.startsWith("VmHWM")).toList() + ", open files "
          + Files.list(Path.of("/proc", String.valueOf(pid), "fd")).count() + "\n" + limits);
      assertThat(limits).containsPattern("Max address space\\s+" + 2048L * 1024 * 1024 + "\\s")
          .containsPattern("Max cpu time\\s+3000\\s+3005\\s").containsPattern("Max open files\\s+1024\\s+1024\\s")
          .containsPattern("Max file size\\s+" + 64L * 1024 * 1024 + "\\s").containsPattern("Max core file size\\s+0\\s");
    }
  }

  private static List<String> jpegs(FrameBatch batch) {
    // the full frame, and the detection copy the worker must make as the in-process path does
    return batch.getFrames().stream().map(f -> digest(f.getJpeg()) + "/" + (f.getDetectionJpeg() == null ? "none" : digest(f.getDetectionJpeg())))
        .toList();
  }

  private static String digest(java.nio.ByteBuffer jpeg) {
    byte[] b = io.fakewatch.media.Jpeg.bytes(jpeg);
    return java.util.Arrays.hashCode(b) + ":" + b.length;
  }
}
