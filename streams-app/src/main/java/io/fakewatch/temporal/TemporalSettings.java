package io.fakewatch.temporal;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The temporal model's keys: which landmark-sequence classifiers run, and whether the temporal path runs at all. */
public record TemporalSettings(List<String> models, boolean enabled) {
  public static final String MODELS = "score.temporal.models";
  public static final String ENABLED = "score.temporal.enabled";

  public TemporalSettings {
    models = List.copyOf(models);
    if (enabled && models.isEmpty()) {
      throw new IllegalArgumentException(MODELS + " names no model while " + ENABLED + " is true");
    }
  }

  public static void define(ConfigDef def) {
    def.define(MODELS, Type.LIST, "lrnet_g1_ffpp,lrnet_g2_ffpp", HIGH,
            "Temporal classifiers from the model manifest (role temporal-classifier): LRNet g1 (30 landmark frames) "
                + "and g2 (their 29 differences); a block's score is the mean of their FAKE probabilities. "
                + "lrnet_g1_dfo,lrnet_g2_dfo is the pair trained on DeeperForensics-1.0")
        .define(ENABLED, Type.BOOLEAN, true, MEDIUM,
            "Run the temporal (landmark-sequence) model beside the frame classifier; false: frame scores only");
  }

  public static TemporalSettings from(FakeWatchConfig config) {
    return new TemporalSettings(config.getList(MODELS).stream().filter(s -> !s.isBlank()).toList(),
        config.getBoolean(ENABLED));
  }
}
