package io.fakewatch.verdict;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.evidence.EvidenceSettings;
import io.fakewatch.kafka.Topics;

/** The verdict stage: no engines to open, only its topology. */
public final class VerdictStage implements StageFactory {
  @Override
  public String name() {
    return "verdict";
  }

  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics) {
    return new StagePlan(name(), VerdictTopology.build(VerdictSettings.from(config),
        EvidenceSettings.from(config), topics));
  }
}
