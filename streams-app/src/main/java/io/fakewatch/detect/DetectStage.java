package io.fakewatch.detect;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;

/** The detect stage: opens its engines and builds its topology. */
public final class DetectStage implements StageFactory {
  @Override
  public String name() {
    return "detect";
  }

  @Override
  public boolean implemented() {
    return false;
  }

  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics) {
    throw new UnsupportedOperationException("stage 'detect' does not exist yet");
  }
}
