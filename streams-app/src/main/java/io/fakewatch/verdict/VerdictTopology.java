package io.fakewatch.verdict;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VerdictState;
import io.fakewatch.evidence.EvidenceSettings;
import io.fakewatch.evidence.EvidenceStores;
import io.fakewatch.evidence.StoreThumbnailsProcessor;
import io.fakewatch.evidence.StoreVerdictsProcessor;
import io.fakewatch.kafka.Topics;
import io.fakewatch.serde.EventSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * {@code video-requests} + {@code crop-scores} → {@code video-verdicts}. Requests start each video's
 * deadline, so a video that stalls anywhere upstream still gets its one (TIMEOUT) verdict. Both inputs are
 * keyed and partitioned by videoId, so one task owns each video's aggregate. Beside the aggregator, the
 * scores' thumbnails go to the evidence store; after it, each verdict is kept (for the API) on its way to
 * the sink.
 */
public final class VerdictTopology {
  public static final String STORE = "verdict-aggregates";
  static final String REQUESTS_SOURCE = "verdict-read-requests";
  static final String SCORES_SOURCE = "verdict-read-scores";
  static final String REGISTER = "verdict-register";
  static final String AGGREGATE = "verdict-aggregate";
  static final String STORE_THUMBNAILS = "verdict-store-thumbnails";
  static final String STORE_VERDICTS = "verdict-store-verdicts";
  static final String SINK = "verdict-write-verdicts";

  private VerdictTopology() {}

  /** With the default evidence settings (tests). */
  public static Topology build(VerdictSettings settings, Topics topics) {
    return build(settings, EvidenceSettings.from(FakeWatchConfig.defaults()), topics);
  }

  public static Topology build(VerdictSettings settings, EvidenceSettings evidence, Topics topics) {
    return build(settings, evidence, topics, settings.defaultFusion());
  }

  /** @param fusion how each track's model scores become one probability (fitted, or the weighted logit mean) */
  public static Topology build(VerdictSettings settings, EvidenceSettings evidence, Topics topics, ScoreFusion fusion) {
    StoreBuilder<KeyValueStore<String, VerdictState>> store = Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(STORE), Serdes.String(), EventSerde.of(VerdictState.class));
    Topology topology = topics.requests.addSource(new Topology(), REQUESTS_SOURCE);
    topics.scores.addSource(topology, SCORES_SOURCE);
    topology.addProcessor(REGISTER, RegisterRequestProcessor::new, REQUESTS_SOURCE);
    topology.addProcessor(AGGREGATE, () -> new AggregateScoresProcessor(settings, fusion), SCORES_SOURCE);
    topology.addStateStore(store, REGISTER, AGGREGATE);
    topology.addProcessor(STORE_THUMBNAILS, StoreThumbnailsProcessor::new, SCORES_SOURCE);
    topology.addProcessor(STORE_VERDICTS, () -> new StoreVerdictsProcessor(evidence), AGGREGATE);
    topology.addStateStore(EvidenceStores.thumbnails(), STORE_THUMBNAILS, STORE_VERDICTS);
    topology.addStateStore(EvidenceStores.videos(), STORE_THUMBNAILS, STORE_VERDICTS);
    topology.addStateStore(EvidenceStores.verdicts(), STORE_VERDICTS);
    return topics.verdicts.addSink(topology, SINK, STORE_VERDICTS);
  }
}
