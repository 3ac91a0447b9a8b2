package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

import io.fakewatch.media.Jpeg;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detect stage's work on one batch of frames: each frame decoded, prepared, run through the detector and
 * cropped on its own, the frames in parallel. The detector's session runs on one core a run
 * ({@code detect.intra.op.threads}), so the cores each carry a frame end to end instead of waiting on one
 * another between phases (decoding all, then inferring one at a time across every core, then cropping all
 * spent 35 % of the time outside inference). A frame that comes with a detection-size copy is detected on
 * the copy and its crops are decoded from the full JPEG's restart intervals under each face
 * ({@link FramePixels}); without a copy the full frame is decoded once and serves both.
 */
public final class BatchDetector {
  /** One frame's outcome: undecodable, or its faces (at least half the minimum size) and a crop per usable face. */
  public record FrameFaces(boolean decoded, List<Detection> faces, List<Optional<FaceCropper.Crop>> crops) {
    static final FrameFaces UNDECODABLE = new FrameFaces(false, List.of(), List.of());
  }

  private final FaceDetector detector;
  private final FaceCropper cropper;
  private final DetectSettings settings;

  public BatchDetector(FaceDetector detector, DetectSettings settings) {
    this.detector = detector;
    this.cropper = new FaceCropper(settings);
    this.settings = settings;
  }

  /** Frames given as full-resolution JPEG alone. */
  public List<FrameFaces> detectJpegs(List<byte[]> jpegs) {
    return detect(jpegs.stream().map(FrameJpegs::full).toList());
  }

  public List<FrameFaces> detect(List<FrameJpegs> frames) {
    FrameFaces[] results = new FrameFaces[frames.size()];
    parallel(frames.size()).forEach(i -> results[i] = detect(frames.get(i)));
    return List.of(results);
  }

  private FrameFaces detect(FrameJpegs frame) {
    FramePixels pixels = null;
    FaceDetector.Prepared input = null;
    float sx = 1f;
    float sy = 1f;
    try {
      int[] size = frame.detection() == null ? null : Jpeg.dimensions(frame.full());
      try (Mat copy = size == null ? null : Jpeg.decode(frame.detection(), IMREAD_COLOR)) {
        if (copy != null) {
          pixels = FramePixels.encoded(frame.full(), size);
          input = detector.prepare(copy);
          sx = (float) size[0] / copy.cols();
          sy = (float) size[1] / copy.rows();
        }
      }
      if (pixels == null) {
        Mat whole = Jpeg.decode(frame.full(), IMREAD_COLOR);
        if (whole == null) {
          return FrameFaces.UNDECODABLE;
        }
        pixels = FramePixels.decoded(frame.full(), whole);
        input = detector.prepare(whole);
      }
      FaceDetector.Prepared prepared = input;
      input = null; // detect() releases it
      float toFullX = sx;
      float toFullY = sy;
      List<Detection> faces = detector.detect(prepared).stream().map(f -> f.scaled(toFullX, toFullY))
          .filter(f -> f.width() >= settings.minFacePx() / 2.0).toList();
      return crops(pixels, faces);
    } finally {
      if (input != null) {
        input.close();
      }
      if (pixels != null) {
        pixels.close();
      }
    }
  }

  private FrameFaces crops(FramePixels frame, List<Detection> faces) {
    List<Optional<FaceCropper.Crop>> crops = faces.stream().map(face -> cropper.crop(frame, face)).toList();
    return frame.failed() ? FrameFaces.UNDECODABLE : new FrameFaces(true, faces, crops);
  }

  private static IntStream parallel(int n) {
    IntStream indexes = IntStream.range(0, n);
    return n > 1 ? indexes.parallel() : indexes;
  }
}
