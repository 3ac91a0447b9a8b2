package io.fakewatch.evidence;

import io.fakewatch.events.VideoVerdict;
import io.fakewatch.serde.EventSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The verdict stage's evidence stores, all changelogged (restored on another instance after a rebalance):
 * face thumbnails keyed {@code videoId/trackId/frameIndex}, decided verdicts keyed by videoId, and per video
 * the wall-clock time of its last evidence, which the retention punctuator orders videos by.
 */
public final class EvidenceStores {
  public static final String THUMBNAILS = "verdict-evidence";
  public static final String VERDICTS = "verdict-verdicts";
  public static final String VIDEOS = "verdict-evidence-videos";

  private EvidenceStores() {}

  public static String thumbnailKey(String videoId, int trackId, int frameIndex) {
    return videoId + "/" + trackId + "/" + frameIndex;
  }

  /** Every thumbnail key of a video starts with this. */
  public static String videoPrefix(String videoId) {
    return videoId + "/";
  }

  public static StoreBuilder<KeyValueStore<String, byte[]>> thumbnails() {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(THUMBNAILS), Serdes.String(), Serdes.ByteArray());
  }

  public static StoreBuilder<KeyValueStore<String, VideoVerdict>> verdicts() {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VERDICTS), Serdes.String(),
        EventSerde.of(VideoVerdict.class));
  }

  public static StoreBuilder<KeyValueStore<String, Long>> videos() {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VIDEOS), Serdes.String(), Serdes.Long());
  }
}
