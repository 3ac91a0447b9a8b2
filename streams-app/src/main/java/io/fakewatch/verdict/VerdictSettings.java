package io.fakewatch.verdict;

import io.fakewatch.config.FakeWatchConfig;
import org.apache.kafka.common.config.ConfigDef;

/** The verdict stage's configuration keys, and their typed values. */
public record VerdictSettings() {
  public static void define(ConfigDef def) {}

  public static VerdictSettings from(FakeWatchConfig config) {
    return new VerdictSettings();
  }
}
