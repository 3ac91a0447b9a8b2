package io.fakewatch.score;

import io.fakewatch.config.FakeWatchConfig;
import org.apache.kafka.common.config.ConfigDef;

/** The score stage's configuration keys, and their typed values. */
public record ScoreSettings() {
  public static void define(ConfigDef def) {}

  public static ScoreSettings from(FakeWatchConfig config) {
    return new ScoreSettings();
  }
}
