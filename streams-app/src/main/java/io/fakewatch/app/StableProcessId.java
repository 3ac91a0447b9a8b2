package io.fakewatch.app;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.Stores;

/**
 * Kafka Streams keeps its process id in the state directory only when the topology has a persistent store; a
 * stateless stage (ingest, score) drew a new one, and with it a new exactly-once transactional id, at every
 * start. Restarted after a crash, it could not fence its dead predecessor, whose open transaction then held
 * every read_committed reader of its output partitions back until transaction.timeout.ms (5 minutes; ChaosIT
 * saw it). An empty persistent store, never logged and never used, makes the process id survive a restart on
 * the same state directory, so the restarted producer fences and aborts that transaction at once.
 */
public final class StableProcessId {
  public static final String STORE = "stable-process-id";

  private StableProcessId() {}

  /** Adds the store to a topology whose processors use no store at all; any other topology is left as it is. */
  public static Topology keep(Topology topology) {
    TopologyDescription description = topology.describe();
    boolean hasStores = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
        .anyMatch(node -> node instanceof TopologyDescription.Processor p && !p.stores().isEmpty());
    if (hasStores) {
      return topology;
    }
    description.subtopologies().stream().flatMap(s -> s.nodes().stream())
        .filter(node -> node instanceof TopologyDescription.Processor)
        .findFirst()
        .ifPresent(processor -> topology.addStateStore(
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.String())
                .withLoggingDisabled(),
            processor.name()));
    return topology;
  }
}
