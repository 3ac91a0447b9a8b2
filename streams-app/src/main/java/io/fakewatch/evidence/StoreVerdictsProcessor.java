package io.fakewatch.evidence;

import io.fakewatch.events.VideoVerdict;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * After the aggregator: keeps each decided verdict in {@code verdict-verdicts} (for the API) and forwards it
 * unchanged to the verdicts sink. A wall-clock punctuator enforces the evidence retention.
 */
public final class StoreVerdictsProcessor implements Processor<String, VideoVerdict, String, VideoVerdict> {
  private final EvidenceSettings settings;
  private ProcessorContext<String, VideoVerdict> context;
  private KeyValueStore<String, VideoVerdict> verdicts;
  private KeyValueStore<String, Long> videos;

  public StoreVerdictsProcessor(EvidenceSettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, VideoVerdict> context) {
    this.context = context;
    this.verdicts = context.getStateStore(EvidenceStores.VERDICTS);
    this.videos = context.getStateStore(EvidenceStores.VIDEOS);
    EvidenceRetention retention = new EvidenceRetention(settings, context.getStateStore(EvidenceStores.THUMBNAILS),
        verdicts, videos);
    context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, retention::enforce);
  }

  @Override
  public void process(Record<String, VideoVerdict> record) {
    if (record.key() != null && record.value() != null) {
      verdicts.put(record.key(), record.value());
      videos.put(record.key(), context.currentSystemTimeMs());
    }
    context.forward(record);
  }
}
