package io.fakewatch.score;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;
import io.fakewatch.metrics.FakeWatchMetrics;
import io.fakewatch.models.ModelSpec;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxModel;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.temporal.LrnetClassifier;
import io.fakewatch.temporal.SequenceClassifier;
import io.fakewatch.temporal.TemporalSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The score stage: opens the frame classifiers (an ensemble) and the temporal classifier (CUDA when configured
 * and present) and builds its topology.
 */
public final class ScoreStage implements StageFactory {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ScoreStage.class);

  @Override
  public String name() {
    return "score";
  }

  /** Meters go to a registry nobody serves: callers that serve metrics use the three-argument plan. */
  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics) {
    return plan(config, topics, FakeWatchMetrics.isolated());
  }

  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics, FakeWatchMetrics metrics) {
    ModelStore store = ModelStore.from(config);
    OnnxSettings onnx = OnnxSettings.from(config);
    CropClassifier classifier = open(ScoreSettings.from(config), store, onnx);
    TemporalSettings temporal = TemporalSettings.from(config);
    SequenceClassifier sequences;
    try {
      sequences = temporal.enabled() ? LrnetClassifier.open(temporal, store, onnx) : null;
    } catch (RuntimeException e) {
      classifier.close();
      throw e;
    }
    List<AutoCloseable> engines = sequences == null ? List.of(classifier) : List.of(classifier, sequences);
    CropBatching batching = CropBatching.from(config, classifier.provider());
    LOG.info("score: {} on {}, batches of at most {} crops", String.join("+", classifier.modelIds()), classifier.provider(),
        batching.maxCrops());
    return new StagePlan(name(), ScoreTopology.build(topics, classifier, sequences, batching, metrics), engines);
  }

  public static OnnxCropClassifier open(ScoreSettings settings, ModelStore store, OnnxSettings onnx) {
    List<OnnxModel> models = new ArrayList<>();
    try {
      for (String name : settings.models()) {
        ModelSpec spec = store.requireServable(name);
        if (!ModelSpec.CLASSIFIER.equals(spec.role())) {
          throw new IllegalArgumentException("model " + name + " is a " + spec.role() + ", not a classifier");
        }
        models.add(OnnxModel.open(spec, store.resolve(spec), onnx));
      }
      return new OnnxCropClassifier(models, settings.normalisedWeights(), settings.horizontalFlip());
    } catch (RuntimeException e) {
      models.forEach(OnnxModel::close);
      throw e;
    }
  }
}
