package io.fakewatch.ingest;

import io.fakewatch.config.FakeWatchConfig;
import org.apache.kafka.common.config.ConfigDef;

/** The ingest stage's configuration keys, and their typed values. */
public record IngestSettings() {
  public static void define(ConfigDef def) {}

  public static IngestSettings from(FakeWatchConfig config) {
    return new IngestSettings();
  }
}
