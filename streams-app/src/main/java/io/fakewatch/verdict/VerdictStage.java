package io.fakewatch.verdict;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.evidence.EvidenceSettings;
import io.fakewatch.kafka.Topics;
import io.fakewatch.models.ModelManifest;
import io.fakewatch.models.ModelStore;
import io.fakewatch.score.ScoreSettings;
import io.fakewatch.temporal.LandmarkSettings;
import io.fakewatch.temporal.TemporalSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The verdict stage: no engines to open; its fusion (a fitted calibration file, or the configured weights) and topology. */
public final class VerdictStage implements StageFactory {
  private static final Logger LOG = LoggerFactory.getLogger(VerdictStage.class);

  @Override
  public String name() {
    return "verdict";
  }

  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics) {
    VerdictSettings settings = VerdictSettings.from(config);
    ScoreFusion fusion = fusion(settings, config);
    LOG.info("verdict fusion: {}", fusion.id());
    return new StagePlan(name(), VerdictTopology.build(settings, EvidenceSettings.from(config), topics, fusion));
  }

  /**
   * The fitted calibration when one is configured, checked against the models this pipeline runs (the ids
   * verdicts name: the frame classifiers joined by +, the landmark model and the temporal classifiers joined
   * by +); else the weighted logit mean.
   */
  static ScoreFusion fusion(VerdictSettings settings, FakeWatchConfig config) {
    if (settings.calibrationFile().isBlank()) {
      return settings.defaultFusion();
    }
    ModelManifest manifest = ModelStore.from(config).manifest();
    String frame = String.join("+", ScoreSettings.from(config).models().stream().map(m -> manifest.find(m).id()).toList());
    List<String> temporal = new ArrayList<>();
    temporal.add(manifest.find(LandmarkSettings.from(config).model()).id());
    TemporalSettings.from(config).models().forEach(m -> temporal.add(manifest.find(m).id()));
    return FittedFusion.load(Path.of(settings.calibrationFile()), frame, String.join("+", temporal));
  }
}
