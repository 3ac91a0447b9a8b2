package io.fakewatch.score;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The score stage's keys: which classifiers form the ensemble, their weights, test-time augmentation. */
public record ScoreSettings(List<String> models, List<Double> weights, boolean horizontalFlip) {
  public static final String MODELS = "score.models";
  public static final String WEIGHTS = "score.weights";
  public static final String TTA_HFLIP = "score.tta.hflip";

  public ScoreSettings {
    if (models.isEmpty()) {
      throw new IllegalArgumentException(MODELS + " names no model");
    }
    if (!weights.isEmpty() && weights.size() != models.size()) {
      throw new IllegalArgumentException(WEIGHTS + " has " + weights.size() + " values for " + models.size() + " models");
    }
  }

  public static void define(ConfigDef def) {
    def.define(MODELS, Type.LIST, "meso4_df", HIGH,
            "Classifiers from the model manifest; several form an ensemble (weighted mean of FAKE logits)")
        .define(WEIGHTS, Type.LIST, "", MEDIUM, "One weight per model in score.models; empty: equal weights")
        .define(TTA_HFLIP, Type.BOOLEAN, false, MEDIUM,
            "Test-time augmentation: also score each crop mirrored and average the two logits");
    CropBatching.define(def);
  }

  public static ScoreSettings from(FakeWatchConfig config) {
    return new ScoreSettings(config.getList(MODELS),
        config.getList(WEIGHTS).stream().filter(s -> !s.isBlank()).map(Double::parseDouble).toList(),
        config.getBoolean(TTA_HFLIP));
  }

  /** Weights normalised to sum 1. */
  public double[] normalisedWeights() {
    double[] w = weights.isEmpty() ? java.util.Collections.nCopies(models.size(), 1.0).stream().mapToDouble(Double::doubleValue).toArray()
        : weights.stream().mapToDouble(Double::doubleValue).toArray();
    double sum = java.util.Arrays.stream(w).sum();
    if (sum <= 0) {
      throw new IllegalArgumentException(WEIGHTS + " must sum to more than 0");
    }
    return java.util.Arrays.stream(w).map(v -> v / sum).toArray();
  }
}
