package io.fakewatch.ingest;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;
import io.fakewatch.media.FfmpegLog;
import java.nio.file.Path;
import java.util.List;

/** The ingest stage: a fetcher/decoder and its topology. */
public final class IngestStage implements StageFactory {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public StagePlan plan(FakeWatchConfig config, Topics topics) {
    FfmpegLog.toSlf4j();
    IngestSettings settings = IngestSettings.from(config);
    FetchDecodeIngestor ingestor = new FetchDecodeIngestor(settings, VideoDecoding.of(settings, true), guard(config, settings));
    return new StagePlan(name(), IngestTopology.build(topics, ingestor), List.of(ingestor));
  }

  /** Attempt files beside the stage's Kafka Streams state, so a restart on the same state dir finds them. */
  static CrashGuard guard(FakeWatchConfig config, IngestSettings settings) {
    return new CrashGuard(Path.of(config.getString(ConfigKeys.STATE_DIR), "ingest-attempts"), settings.maxAttempts());
  }
}
