package io.fakewatch.detect;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxSettings;
import java.util.List;

/** The detect stage: opens the face detector named in config and builds its topology. */
public final class DetectStage implements StageFactory {
  @Override
  public String name() {
    return "detect";
  }

  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics) {
    DetectSettings settings = DetectSettings.from(config);
    FaceDetector detector = FaceDetectors.open(settings, ModelStore.from(config), OnnxSettings.from(config));
    return new StagePlan(name(), DetectTopology.build(settings, topics, detector), List.of(detector));
  }
}
