package io.fakewatch.evidence;

import io.fakewatch.events.VideoVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the thumbnails and verdict of every video whose last evidence is older than
 * {@code evidence.retention.ms}, then of the oldest videos beyond this task's share of
 * {@code evidence.retention.videos}. Runs on one task's stores, from a wall-clock punctuator.
 */
final class EvidenceRetention {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceRetention.class);

  private final EvidenceSettings settings;
  private final KeyValueStore<String, byte[]> thumbnails;
  private final KeyValueStore<String, VideoVerdict> verdicts;
  private final KeyValueStore<String, Long> videos;

  EvidenceRetention(EvidenceSettings settings, KeyValueStore<String, byte[]> thumbnails,
      KeyValueStore<String, VideoVerdict> verdicts, KeyValueStore<String, Long> videos) {
    this.settings = settings;
    this.thumbnails = thumbnails;
    this.verdicts = verdicts;
    this.videos = videos;
  }

  /** Returns how many videos it forgot. */
  int enforce(long nowMillis) {
    List<KeyValue<String, Long>> all = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = videos.all()) {
      it.forEachRemaining(all::add);
    }
    all.sort(Comparator.comparingLong((KeyValue<String, Long> e) -> e.value).thenComparing(e -> e.key));
    int excess = all.size() - settings.videosPerPartition();
    int forgotten = 0;
    for (KeyValue<String, Long> entry : all) {
      boolean expired = nowMillis - entry.value >= settings.retention().toMillis();
      if (!expired && forgotten >= excess) {
        break; // sorted oldest first: the rest are newer and within the count
      }
      forget(entry.key, expired ? "older than " + settings.retention() : "beyond the newest "
          + settings.videosPerPartition() + " of this partition");
      forgotten++;
    }
    return forgotten;
  }

  private void forget(String videoId, String why) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = thumbnails.prefixScan(EvidenceStores.videoPrefix(videoId),
        new StringSerializer())) {
      it.forEachRemaining(entry -> keys.add(entry.key));
    }
    keys.forEach(thumbnails::delete);
    verdicts.delete(videoId);
    videos.delete(videoId);
    LOG.info("video {}: evidence deleted ({} thumbnails and its verdict): {}", videoId, keys.size(), why);
  }
}
