package io.fakewatch.detect;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;
import io.fakewatch.media.FfmpegLog;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.temporal.ClipSequencer;
import io.fakewatch.temporal.LandmarkSettings;
import io.fakewatch.temporal.LrnetSequencer;
import java.util.List;

/** The detect stage: opens the face detector (and the landmark model of the temporal path) and builds its topology. */
public final class DetectStage implements StageFactory {
  @Override
  public String name() {
    return "detect";
  }

  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics) {
    DetectSettings settings = DetectSettings.from(config);
    FfmpegLog.toSlf4j(); // clips that travel as packets are decoded here
    ModelStore store = ModelStore.from(config);
    OnnxSettings onnx = OnnxSettings.from(config);
    FaceDetector detector = FaceDetectors.open(settings, store, onnx);
    LandmarkSettings landmarks = LandmarkSettings.from(config);
    ClipSequencer sequencer = null;
    try {
      sequencer = landmarks.enabled() ? LrnetSequencer.open(landmarks, store, onnx, detector) : null;
    } catch (RuntimeException e) {
      detector.close();
      throw e;
    }
    List<AutoCloseable> engines = sequencer == null ? List.of(detector) : List.of(sequencer, detector);
    return new StagePlan(name(), DetectTopology.build(settings, topics, detector, sequencer), engines);
  }
}
