package io.fakewatch.temporal;

import io.fakewatch.detect.Detection;
import io.fakewatch.detect.FaceDetector;
import io.fakewatch.models.ModelSpec;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxModel;
import io.fakewatch.onnx.OnnxSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The recipe of {@code shared/models/temporal/README.md} behind {@link ClipSequencer}: MediaPipe 68 points in
 * two passes per frame ({@link ClipLandmarker}), then LRNet's outlier rejection, stable crop, 400 px resize,
 * Lucas–Kanade + Kalman calibration and normalisation ({@link LrnetPreprocessor}), one sequence per face.
 */
public final class LrnetSequencer implements ClipSequencer {
  private final LandmarkModel model;
  private final ClipLandmarker landmarker;
  private final String id;

  public LrnetSequencer(LandmarkModel model, String modelId, FaceDetector detector, ClipLandmarker.Follow follow) {
    this.model = model;
    this.id = modelId;
    this.landmarker = new ClipLandmarker(model, detector, follow);
  }

  /** Opens the landmark model named in config; the detector is the stage's own (shared, thread-safe). */
  public static LrnetSequencer open(LandmarkSettings settings, ModelStore store, OnnxSettings onnx, FaceDetector detector) {
    ModelSpec spec = store.manifest().find(settings.model());
    if (!ModelSpec.LANDMARKS.equals(spec.role())) {
      throw new IllegalArgumentException("model " + settings.model() + " is a " + spec.role() + ", not a landmark model");
    }
    return new LrnetSequencer(new LandmarkModel(OnnxModel.open(spec, store.resolve(spec), onnx)), spec.id(), detector,
        settings.follow());
  }

  @Override
  public String landmarkerId() {
    return id;
  }

  @Override
  public List<Sequence> sequences(List<org.bytedeco.opencv.opencv_core.Mat> frames, List<Detection> startFaces) {
    List<Sequence> out = new ArrayList<>();
    for (ClipLandmarker.Track track : landmarker.landmark(frames, startFaces)) {
      out.add(sequence(track, frames));
    }
    return out;
  }

  private static Sequence sequence(ClipLandmarker.Track track, List<org.bytedeco.opencv.opencv_core.Mat> frames) {
    if (track.succeeded() == 0) {
      return Sequence.abstain("the landmark model found the face in none of the clip's " + track.frames() + " frames",
          track.frames());
    }
    LrnetPreprocessor.Sequence prepared = LrnetPreprocessor.calibrated(track.landmarks(), frames);
    if (prepared.frames() < LrnetBlocks.LENGTH) {
      return Sequence.abstain("the face has landmarks from frame " + prepared.skipped() + " of the clip on: "
          + prepared.frames() + " frames, fewer than one " + LrnetBlocks.LENGTH + "-frame block", track.frames());
    }
    float[][] rows = prepared.normalised();
    float[] flat = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
    }
    return new Sequence(flat, rows.length, track.succeeded(), null);
  }

  @Override
  public void close() {
    model.close();
  }
}
