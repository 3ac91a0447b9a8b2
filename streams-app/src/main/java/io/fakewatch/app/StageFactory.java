package io.fakewatch.app;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;

/** One pipeline stage: knows its name, opens its engines (models, decoders) and builds its topology. */
public interface StageFactory {
  String name();

  /** False while a stage exists only by name; {@code run} refuses it with a clear message. */
  default boolean implemented() {
    return true;
  }

  /** Opens what the stage needs and builds its topology; the caller closes the plan. */
  StagePlan plan(FakeWatchConfig config, Topics topics) throws Exception;
}
