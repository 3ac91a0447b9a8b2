package io.fakewatch.score;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;

/** The score stage: opens its engines and builds its topology. */
public final class ScoreStage implements StageFactory {
  @Override
  public String name() {
    return "score";
  }

  @Override
  public boolean implemented() {
    return false;
  }

  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics) {
    throw new UnsupportedOperationException("stage 'score' does not exist yet");
  }
}
