package io.fakewatch.verdict;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;

/** The verdict stage: opens its engines and builds its topology. */
public final class VerdictStage implements StageFactory {
  @Override
  public String name() {
    return "verdict";
  }

  @Override
  public boolean implemented() {
    return false;
  }

  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics) {
    throw new UnsupportedOperationException("stage 'verdict' does not exist yet");
  }
}
