package io.fakewatch.ingest;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;
import io.fakewatch.media.FfmpegLog;
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
    FetchDecodeIngestor ingestor = new FetchDecodeIngestor(IngestSettings.from(config));
    return new StagePlan(name(), IngestTopology.build(topics, ingestor), List.of(ingestor));
  }
}
