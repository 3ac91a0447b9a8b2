package io.fakewatch.ingest;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.fakewatch.events.Frame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Groups sampled frames into batches of at most K frames whose JPEG bytes stay under the frames topic's
 * max.message.bytes (less headroom for the record's other fields); a frame too big on its own is
 * re-encoded at lower quality until it fits.
 */
public final class FrameBatcher {
  /** Room left for the envelope: ids, URI, metadata, Avro framing, record headers. */
  static final int HEADROOM_BYTES = 64 * 1024;

  private final int framesPerBatch;
  private final int budgetBytes;

  public FrameBatcher(int framesPerBatch, int maxMessageBytes) {
    this.framesPerBatch = framesPerBatch;
    this.budgetBytes = maxMessageBytes - HEADROOM_BYTES;
  }

  public List<List<Frame>> batches(List<SampledFrame> frames) {
    List<List<Frame>> batches = new ArrayList<>();
    List<Frame> current = new ArrayList<>();
    long currentBytes = 0;
    for (SampledFrame sampled : frames) {
      byte[] copy = sampled.detectionJpeg();
      int copyBytes = copy == null ? 0 : copy.length;
      byte[] jpeg = fit(sampled.jpeg(), copyBytes);
      if (!current.isEmpty() && (current.size() >= framesPerBatch || currentBytes + jpeg.length + copyBytes > budgetBytes)) {
        batches.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      Frame frame = frame(sampled, jpeg);
      frame.setDetectionJpeg(copy == null ? null : ByteBuffer.wrap(copy));
      current.add(frame);
      currentBytes += jpeg.length + copyBytes;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  /**
   * A whole clip as one record's frames: the temporal model needs every frame of the run, so a clip too big
   * for the topic is re-encoded at lower quality as a whole; one that still does not fit is left out (empty),
   * and the temporal model abstains for it rather than the video failing.
   */
  public java.util.Optional<List<Frame>> clip(List<SampledFrame> frames) {
    long total = frames.stream().mapToLong(f -> f.jpeg().length).sum();
    List<byte[]> jpegs = frames.stream().map(SampledFrame::jpeg).toList();
    for (int quality = 75; total > budgetBytes && quality >= 45; quality -= 15) {
      final int q = quality;
      jpegs = frames.stream().map(f -> reencode(f.jpeg(), q)).toList();
      total = jpegs.stream().mapToLong(j -> j.length).sum();
    }
    if (total > budgetBytes) {
      return java.util.Optional.empty();
    }
    List<Frame> clip = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      clip.add(frame(frames.get(i), jpegs.get(i)));
    }
    return java.util.Optional.of(clip);
  }

  /** A clip's frames by number, time and size only: its pixels travel as packets (a ClipSegment). */
  public List<Frame> described(List<SampledFrame> frames) {
    return frames.stream().map(f -> frame(f, new byte[0])).toList();
  }

  private static Frame frame(SampledFrame sampled, byte[] jpeg) {
    return Frame.newBuilder().setIndex(sampled.index()).setTimestampMicros(sampled.timestampMicros())
        .setWidth(sampled.width()).setHeight(sampled.height()).setJpeg(ByteBuffer.wrap(jpeg)).build();
  }

  private static byte[] reencode(byte[] jpeg, int quality) {
    try (Mat image = imdecode(new Mat(new BytePointer(jpeg)), IMREAD_COLOR); BytePointer out = new BytePointer()) {
      imencode(".jpg", image, out, new IntPointer(IMWRITE_JPEG_QUALITY, quality));
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  /** The frame, re-encoded smaller (without restart markers: detect then decodes it whole) if it and its copy do not fit. */
  private byte[] fit(byte[] jpeg, int copyBytes) {
    int budget = budgetBytes - copyBytes;
    if (jpeg.length <= budget) {
      return jpeg;
    }
    for (int quality = 85; quality >= 25; quality -= 15) {
      byte[] smaller = reencode(jpeg, quality);
      if (smaller.length <= budget) {
        return smaller;
      }
    }
    throw new IllegalStateException("a frame does not fit in " + budgetBytes + " bytes even at JPEG quality 25");
  }
}
