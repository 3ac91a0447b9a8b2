package io.fakewatch.evidence;

import io.fakewatch.events.CropScore;
import io.fakewatch.events.ScoredCrop;
import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beside the aggregator on the scores source: keeps each scored crop's thumbnail in {@code verdict-evidence}
 * (not on the verdict topic) and notes when the video last had evidence. Forwards nothing.
 */
public final class StoreThumbnailsProcessor implements Processor<String, SpecificRecord, Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(StoreThumbnailsProcessor.class);

  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, byte[]> thumbnails;
  private KeyValueStore<String, Long> videos;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.thumbnails = context.getStateStore(EvidenceStores.THUMBNAILS);
    this.videos = context.getStateStore(EvidenceStores.VIDEOS);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.key() == null || !(record.value() instanceof CropScore score)) {
      return; // manifests carry no crops
    }
    int kept = 0;
    for (ScoredCrop crop : score.getScores()) {
      ByteBuffer thumbnail = crop.getThumbnail();
      if (thumbnail == null || !thumbnail.hasRemaining()) {
        continue;
      }
      thumbnails.put(EvidenceStores.thumbnailKey(record.key(), crop.getTrackId(), crop.getFrameIndex()),
          io.fakewatch.media.Jpeg.bytes(thumbnail));
      kept++;
    }
    if (kept > 0) {
      videos.put(record.key(), context.currentSystemTimeMs());
      LOG.debug("video {}: kept {} thumbnails of batch {}", record.key(), kept, score.getBatchIndex());
    }
  }
}
