package io.fakewatch.kafka;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** A topic with the serdes of its key and value, built once from config and passed to topologies. */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  public TopicSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(keySerde);
    Objects.requireNonNull(valueSerde);
  }

  /** Consumed with a processor name of the form {@code <stage>-read-<topic>}. */
  public Consumed<K, V> consumed(String stage) {
    return Consumed.with(keySerde, valueSerde).withName(stage + "-read-" + name);
  }

  public Produced<K, V> produced(String stage) {
    return Produced.with(keySerde, valueSerde).withName(stage + "-write-" + name);
  }

  /** Adds a source node reading this topic (Processor API topologies). */
  public Topology addSource(Topology topology, String nodeName) {
    return topology.addSource(nodeName, keySerde.deserializer(), valueSerde.deserializer(), name);
  }

  /** Adds a sink node writing to this topic from the given parents. */
  public Topology addSink(Topology topology, String nodeName, String... parents) {
    return topology.addSink(nodeName, name, keySerde.serializer(), valueSerde.serializer(), parents);
  }
}
