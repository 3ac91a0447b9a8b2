package io.fakewatch.app;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;
import io.fakewatch.metrics.FakeWatchMetrics;

/** One pipeline stage: knows its name, opens its engines (models, decoders) and builds its topology. */
public interface StageFactory {
  String name();

  /** False while a stage exists only by name; {@code run} refuses it with a clear message. */
  default boolean implemented() {
    return true;
  }

  /** Opens what the stage needs and builds its topology; the caller closes the plan. */
  StagePlan plan(FakeWatchConfig config, Topics topics) throws Exception;

  /** As above, recording the stage's own meters in {@code metrics} (the registry this process serves). */
  default StagePlan plan(FakeWatchConfig config, Topics topics, FakeWatchMetrics metrics) throws Exception {
    return plan(config, topics);
  }
}
