package io.fakewatch.bench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

import io.fakewatch.events.ClipSegment;
import io.fakewatch.media.ClipSegmentDecoder;
import io.fakewatch.media.Jpeg;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What each clip transport costs detect and the topic, on the same clips: {@code temporal.clip_decode_ms.packets}
 * (decoding the source's packets from the keyframe before the clip, {@link ClipSegmentDecoder}) beside
 * {@code temporal.clip_decode_ms.jpeg} (decoding the clip's 30 JPEGs one after another), medians per clip over
 * repetitions, and the bytes a clip record carries each way. Neither is a limit of the other: the packets buy
 * the reference's pixels (docs/evaluation.md), JPEG is what they replaced.
 */
public final class ClipTransportBenchmark {
  /** One clip both ways: its packets, and its frames as JPEG. */
  public record ClipRecord(String name, ClipSegment segment, List<byte[]> jpegs) {}

  private ClipTransportBenchmark() {}

  public static List<BenchRow> run(List<ClipRecord> clips, int repetitions, int jpegQuality) throws ClipSegmentDecoder.Failure {
    if (clips.isEmpty()) {
      throw new IllegalArgumentException("no clip that travels both ways to benchmark");
    }
    List<Double> packets = new ArrayList<>();
    List<Double> jpeg = new ArrayList<>();
    double packetBytes = 0;
    double jpegBytes = 0;
    for (ClipRecord clip : clips) {
      packetBytes += clip.segment().getContainer().remaining();
      jpegBytes += clip.jpegs().stream().mapToLong(j -> j.length).sum();
      for (int r = 0; r < repetitions; r++) {
        long start = System.nanoTime();
        List<Mat> frames = ClipSegmentDecoder.decode(clip.segment(), clip.jpegs().size());
        packets.add((System.nanoTime() - start) / 1e6);
        frames.forEach(Mat::close);
        start = System.nanoTime();
        for (byte[] bytes : clip.jpegs()) {
          Mat frame = Jpeg.decode(bytes, IMREAD_COLOR);
          if (frame != null) {
            frame.close();
          }
        }
        jpeg.add((System.nanoTime() - start) / 1e6);
      }
    }
    BenchStats p = BenchStats.of(packets);
    BenchStats j = BenchStats.of(jpeg);
    String over = clips.size() + " clips of " + clips.stream().map(ClipRecord::name).distinct().count() + " videos x "
        + repetitions + " runs";
    return List.of(
        new BenchRow("temporal.clip_decode_ms.packets", p.median(), "ms", 0,
            "detect's decode of a clip's packets from the keyframe before it (lossless), median of " + over
                + "; " + p.spread()),
        new BenchRow("temporal.clip_decode_ms.jpeg", j.median(), "ms", 0,
            "the same clips' frames as JPEG (ingest.clip.transport=jpeg, q" + jpegQuality + ") decoded one after another, median of "
                + over + "; " + j.spread()),
        new BenchRow("temporal.clip_kb.packets", packetBytes / clips.size() / 1024, "KB", 0, "mean clip record payload, packets"),
        new BenchRow("temporal.clip_kb.jpeg", jpegBytes / clips.size() / 1024, "KB", 0, "mean clip record payload, JPEG"));
  }
}
