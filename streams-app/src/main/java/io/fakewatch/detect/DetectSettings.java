package io.fakewatch.detect;

import io.fakewatch.config.FakeWatchConfig;
import org.apache.kafka.common.config.ConfigDef;

/** The detect stage's configuration keys, and their typed values. */
public record DetectSettings() {
  public static void define(ConfigDef def) {}

  public static DetectSettings from(FakeWatchConfig config) {
    return new DetectSettings();
  }
}
