package io.fakewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fakewatch.events.VerdictState;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.evidence.EvidenceStores;
import io.fakewatch.serde.AvroJson;
import io.fakewatch.verdict.VerdictTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's answers from the verdict stage's stores. A video's stores live on the instance whose task owns
 * its partition: {@code queryMetadataForKey} names it; this instance answers from its own store, or forwards
 * the request (with the caller's token) to that instance's application.server. The list merges every
 * instance that hosts {@code verdict-verdicts} ({@code streamsMetadataForStore}).
 */
final class InteractiveQueries implements VideoBackend {
  private static final Logger LOG = LoggerFactory.getLogger(InteractiveQueries.class);

  private final Supplier<KafkaStreams> streams;
  private final HostInfo self;
  private final PeerClient peers;

  /** {@code streams} answers null until the verdict stage runs; {@code self} is this instance's application.server. */
  InteractiveQueries(Supplier<KafkaStreams> streams, HostInfo self, PeerClient peers) {
    this.streams = streams;
    this.self = self;
    this.peers = peers;
  }

  @Override
  public ApiResponse list(ListQuery query, ApiRequest request) {
    KafkaStreams running = streams.get();
    if (running == null) {
      return notReady();
    }
    List<JsonNode> entries = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    try {
      entries.addAll(localList(running, query));
    } catch (InvalidStateStoreException e) {
      return notReady();
    }
    if (!request.localOnly()) {
      for (StreamsMetadata instance : running.streamsMetadataForStore(EvidenceStores.VERDICTS)) {
        if (instance.hostInfo().equals(self)) {
          continue;
        }
        ApiResponse answer = peers.get(instance.hostInfo(), "/api/videos?" + query.toQueryString(), request.authorization());
        try {
          if (answer.status() != 200) {
            throw new IllegalStateException("status " + answer.status());
          }
          AvroJson.MAPPER.readTree(answer.body()).path("videos").forEach(entries::add);
        } catch (Exception e) {
          LOG.warn("list: instance {} left out: {}", instance.hostInfo(), e.getMessage());
          unreachable.add(instance.hostInfo().host() + ":" + instance.hostInfo().port());
        }
      }
    }
    return ApiResponse.json(200, VerdictJson.list(entries, query.limit(), unreachable));
  }

  private List<JsonNode> localList(KafkaStreams running, ListQuery query) {
    List<JsonNode> entries = new ArrayList<>();
    ReadOnlyKeyValueStore<String, VideoVerdict> store = running.store(
        StoreQueryParameters.fromNameAndType(EvidenceStores.VERDICTS, QueryableStoreTypes.keyValueStore()));
    try (KeyValueIterator<String, VideoVerdict> all = store.all()) {
      all.forEachRemaining(entry -> {
        if (entry.value != null && VerdictJson.matches(entry.value, query)) {
          entries.add(VerdictJson.summary(entry.value));
        }
      });
    }
    return entries;
  }

  @Override
  public ApiResponse video(String videoId, ApiRequest request) {
    return owned(videoId, request, "/api/videos/" + videoId, (running, partition) -> {
      VideoVerdict verdict = local(running, EvidenceStores.VERDICTS, partition, VideoVerdict.class).get(videoId);
      if (verdict != null) {
        return ApiResponse.json(200, VerdictJson.verdict(verdict));
      }
      VerdictState state = local(running, VerdictTopology.STORE, partition, VerdictState.class).get(videoId);
      if (state != null && !state.getDecided()) {
        return ApiResponse.json(202, VerdictJson.inFlight(state, System.currentTimeMillis()));
      }
      return ApiResponse.error(404, state != null ? "video " + videoId + " was decided but its evidence has expired"
          : "unknown video " + videoId);
    });
  }

  @Override
  public ApiResponse thumbnail(String videoId, int trackId, int frameIndex, ApiRequest request) {
    return owned(videoId, request, "/api/videos/" + videoId + "/thumbnails/" + trackId + "/" + frameIndex + ".jpg",
        (running, partition) -> {
          byte[] jpeg = local(running, EvidenceStores.THUMBNAILS, partition, byte[].class)
              .get(EvidenceStores.thumbnailKey(videoId, trackId, frameIndex));
          return jpeg == null || jpeg.length == 0
              ? ApiResponse.error(404, "no thumbnail for video " + videoId + " track " + trackId + " frame " + frameIndex)
              : new ApiResponse(200, ApiResponse.JPEG, jpeg, Map.of("Cache-Control", "private, max-age=3600"));
        });
  }

  private interface LocalAnswer {
    ApiResponse answer(KafkaStreams running, Integer partition);
  }

  /** Answers here when this instance owns the video's partition (or a peer asked), else forwards to its owner. */
  private ApiResponse owned(String videoId, ApiRequest request, String path, LocalAnswer local) {
    KafkaStreams running = streams.get();
    if (running == null) {
      return notReady();
    }
    try {
      if (request.localOnly() || self == null) {
        return local.answer(running, null);
      }
      KeyQueryMetadata owner = running.queryMetadataForKey(EvidenceStores.VERDICTS, videoId, Serdes.String().serializer());
      if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
        return notReady();
      }
      if (owner.activeHost().equals(self)) {
        return local.answer(running, owner.partition());
      }
      LOG.debug("video {}: owned by {}; forwarding", videoId, owner.activeHost());
      return peers.get(owner.activeHost(), path, request.authorization());
    } catch (InvalidStateStoreException e) {
      LOG.debug("video {}: store not queryable now: {}", videoId, e.getMessage());
      return notReady();
    }
  }

  private static <V> ReadOnlyKeyValueStore<String, V> local(KafkaStreams running, String store, Integer partition,
      Class<V> type) {
    StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params =
        StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore());
    return running.store(partition == null ? params : params.withPartition(partition));
  }

  private static ApiResponse notReady() {
    return ApiResponse.error(503, "the verdict stage is starting or rebalancing; try again").withHeader("Retry-After", "1");
  }
}
