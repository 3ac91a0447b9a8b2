package io.fakewatch.verdict;

import io.fakewatch.events.VerdictState;
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
 * keyed and partitioned by videoId, so one task owns each video's aggregate.
 */
public final class VerdictTopology {
  public static final String STORE = "verdict-aggregates";
  static final String REQUESTS_SOURCE = "verdict-read-requests";
  static final String SCORES_SOURCE = "verdict-read-scores";
  static final String REGISTER = "verdict-register";
  static final String AGGREGATE = "verdict-aggregate";
  static final String SINK = "verdict-write-verdicts";

  private VerdictTopology() {}

  public static Topology build(VerdictSettings settings, Topics topics) {
    StoreBuilder<KeyValueStore<String, VerdictState>> store = Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(STORE), Serdes.String(), EventSerde.of(VerdictState.class));
    Topology topology = topics.requests.addSource(new Topology(), REQUESTS_SOURCE);
    topics.scores.addSource(topology, SCORES_SOURCE);
    topology.addProcessor(REGISTER, RegisterRequestProcessor::new, REQUESTS_SOURCE);
    topology.addProcessor(AGGREGATE, () -> new AggregateScoresProcessor(settings), SCORES_SOURCE);
    topology.addStateStore(store, REGISTER, AGGREGATE);
    return topics.verdicts.addSink(topology, SINK, AGGREGATE);
  }
}
