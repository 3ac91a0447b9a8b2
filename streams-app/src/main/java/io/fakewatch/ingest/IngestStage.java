package io.fakewatch.ingest;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;

/** The ingest stage: opens its engines and builds its topology. */
public final class IngestStage implements StageFactory {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public boolean implemented() {
    return false;
  }

  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics) {
    throw new UnsupportedOperationException("stage 'ingest' does not exist yet");
  }
}
