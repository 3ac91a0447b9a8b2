package io.fakewatch.detect;

import ai.onnxruntime.OrtException;
import io.fakewatch.models.ModelSpec;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxModel;
import io.fakewatch.onnx.OnnxSettings;

/** Opens the configured detector: the manifest entry's output meaning says which decoder it needs. */
public final class FaceDetectors {
  private FaceDetectors() {}

  public static FaceDetector open(DetectSettings settings, ModelStore store, OnnxSettings onnx) {
    ModelSpec spec = store.manifest().find(settings.model());
    if (!ModelSpec.FACE_DETECTOR.equals(spec.role())) {
      throw new IllegalArgumentException("model " + spec.name() + " is a " + spec.role() + ", not a face detector");
    }
    // one core a run: the callers run a batch's (or a clip's) frames in parallel instead; a fixed input shape,
    // so the memory pattern plans one block that every run reuses
    OnnxSettings detectorOnnx = (settings.intraOpThreads() > 0 ? onnx.withIntraOpThreads(settings.intraOpThreads()) : onnx)
        .withMemoryPattern(true);
    OnnxModel model = OnnxModel.open(spec, store.resolve(spec), detectorOnnx);
    try {
      String meaning = spec.output().meaning();
      if (meaning.startsWith("yunet")) {
        return new YuNetDetector(model, settings.scoreThreshold(), settings.nmsIou(), settings.resizeFlag());
      }
      if (meaning.startsWith("ultraface")) {
        return new UltraFaceDetector(model, settings.scoreThreshold(), settings.nmsIou());
      }
      throw new IllegalArgumentException("model " + spec.name() + ": no decoder for output '" + meaning + "'");
    } catch (OrtException | RuntimeException e) {
      model.close();
      throw new IllegalStateException("cannot open face detector " + spec.name() + ": " + e.getMessage(), e);
    }
  }
}
