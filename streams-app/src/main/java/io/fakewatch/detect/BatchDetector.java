package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

import io.fakewatch.media.Jpeg;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detect stage's work on one batch of frames, in three phases: decode and prepare every frame (in
 * parallel), run the detector on each (one at a time: ONNX Runtime already uses every core), then cut the
 * margin crops (in parallel). A frame that comes with a detection-size copy is detected on the copy and its
 * crops are decoded from the full JPEG's restart intervals under each face ({@link FramePixels}); without a
 * copy the full frame is decoded once and serves both. Full-resolution decoding of every frame cost about as
 * much as YuNet itself (docs/benchmarks.md).
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
    int n = frames.size();
    FramePixels[] pixels = new FramePixels[n];
    FaceDetector.Prepared[] inputs = new FaceDetector.Prepared[n];
    float[][] toFull = new float[n][];
    try {
      parallel(n).forEach(i -> toFull[i] = prepare(frames.get(i), pixels, inputs, i));
      List<List<Detection>> faces = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        FaceDetector.Prepared input = inputs[i];
        inputs[i] = null;
        float[] scale = toFull[i];
        faces.add(input == null ? List.of() : detector.detect(input).stream().map(f -> f.scaled(scale[0], scale[1]))
            .filter(f -> f.width() >= settings.minFacePx() / 2.0).toList());
      }
      FrameFaces[] results = new FrameFaces[n];
      parallel(n).forEach(i -> results[i] = crops(pixels[i], faces.get(i)));
      return List.of(results);
    } finally {
      for (int i = 0; i < n; i++) {
        if (inputs[i] != null) {
          inputs[i].close();
        }
        if (pixels[i] != null) {
          pixels[i].close();
        }
      }
    }
  }

  /** Decodes what the detector needs and prepares its input; returns the factors from detector-image to frame pixels. */
  private float[] prepare(FrameJpegs frame, FramePixels[] pixels, FaceDetector.Prepared[] inputs, int i) {
    int[] size = frame.detection() == null ? null : Jpeg.dimensions(frame.full());
    if (size != null) {
      try (Mat copy = Jpeg.decode(frame.detection(), IMREAD_COLOR)) {
        if (copy != null) {
          pixels[i] = FramePixels.encoded(frame.full(), size);
          inputs[i] = detector.prepare(copy);
          return new float[] {(float) size[0] / copy.cols(), (float) size[1] / copy.rows()};
        }
      }
    }
    Mat whole = Jpeg.decode(frame.full(), IMREAD_COLOR);
    if (whole != null) {
      pixels[i] = FramePixels.decoded(frame.full(), whole);
      inputs[i] = detector.prepare(whole);
    }
    return new float[] {1f, 1f};
  }

  private FrameFaces crops(FramePixels frame, List<Detection> faces) {
    if (frame == null) {
      return FrameFaces.UNDECODABLE;
    }
    List<Optional<FaceCropper.Crop>> crops = faces.stream().map(face -> cropper.crop(frame, face)).toList();
    return frame.failed() ? FrameFaces.UNDECODABLE : new FrameFaces(true, faces, crops);
  }

  private static IntStream parallel(int n) {
    IntStream indexes = IntStream.range(0, n);
    return n > 1 ? indexes.parallel() : indexes;
  }
}
