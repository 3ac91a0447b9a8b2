package io.fakewatch.detect;

import io.fakewatch.models.ModelManifest;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/** Test helper: detectors on the shared models, images read with OpenCV. */
final class DetectorProbe {
  private DetectorProbe() {}

  static ModelStore store() {
    return new ModelStore(ModelManifest.load(null), Path.of(System.getProperty("java.io.tmpdir"), "fakewatch-test-models"),
        SharedData.modelMirror());
  }

  static FaceDetector open(String model, double threshold) {
    DetectSettings settings = DetectSettings.from(io.fakewatch.config.FakeWatchConfig.of(Map.of(
        DetectSettings.MODEL, model, DetectSettings.SCORE_THRESHOLD, String.valueOf(threshold))));
    return FaceDetectors.open(settings, store(), new OnnxSettings("cpu", 0, 1, "run", "all"));
  }

  static Mat image(String name) {
    return opencv_imgcodecs.imread(SharedData.image(name).toString());
  }
}
