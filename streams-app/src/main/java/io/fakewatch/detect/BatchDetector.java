package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

import io.fakewatch.media.Jpeg;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detect stage's work on one batch of JPEG frames, in three phases: decode and prepare every frame
 * (in parallel), run the detector on each (one at a time: ONNX Runtime already uses every core), then cut
 * the margin crops (in parallel). Full-resolution JPEG decoding costs about as much as YuNet's inference
 * on a 1080p frame; run serially it leaves the other cores idle between two inference runs.
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

  public List<FrameFaces> detect(List<byte[]> jpegs) {
    int n = jpegs.size();
    Mat[] images = new Mat[n];
    FaceDetector.Prepared[] inputs = new FaceDetector.Prepared[n];
    try {
      parallel(n).forEach(i -> {
        images[i] = Jpeg.decode(jpegs.get(i), IMREAD_COLOR);
        inputs[i] = images[i] == null ? null : detector.prepare(images[i]);
      });
      List<List<Detection>> faces = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        FaceDetector.Prepared input = inputs[i];
        inputs[i] = null;
        faces.add(input == null ? List.of() : detector.detect(input).stream()
            .filter(f -> f.width() >= settings.minFacePx() / 2.0).toList());
      }
      FrameFaces[] results = new FrameFaces[n];
      parallel(n).forEach(i -> results[i] = images[i] == null ? FrameFaces.UNDECODABLE
          : new FrameFaces(true, faces.get(i), faces.get(i).stream().map(face -> cropper.crop(images[i], face)).toList()));
      return List.of(results);
    } finally {
      for (int i = 0; i < n; i++) {
        if (inputs[i] != null) {
          inputs[i].close();
        }
        if (images[i] != null) {
          images[i].close();
        }
      }
    }
  }

  private static IntStream parallel(int n) {
    IntStream indexes = IntStream.range(0, n);
    return n > 1 ? indexes.parallel() : indexes;
  }
}
