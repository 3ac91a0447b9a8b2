package io.fakewatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process id (part of every thread name and of the exactly-once transactional id) of two starts on the same
 * state directory: new each time for a bare stateless topology, the same once {@link StableProcessId} kept it.
 * No broker needed: KafkaStreams settles its process id when it is constructed.
 */
class StableProcessIdTest {
  @TempDir Path stateDir;

  private static final class Pass implements Processor<Object, Object, Object, Object> {
    @Override
    public void process(Record<Object, Object> record) {}
  }

  private static Topology stateless() {
    Topology topology = new Topology();
    topology.addSource("in", "input");
    topology.addProcessor("pass", Pass::new, "in");
    return topology;
  }

  private List<String> threadNames(Topology topology) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stable-id-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"); // never contacted: the app is not started
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (KafkaStreams streams = new KafkaStreams(topology, props)) {
      return streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadName).toList();
    }
  }

  private void assertProcessId(Supplier<Topology> topology, boolean stable) {
    List<String> first = threadNames(topology.get());
    List<String> second = threadNames(topology.get());
    assertThat(first).isNotEmpty();
    if (stable) {
      assertThat(second).isEqualTo(first);
    } else {
      assertThat(second).doesNotContainAnyElementsOf(first);
    }
  }

  @Test
  void aStatelessTopologyGetsANewProcessIdAtEveryStartUnlessKept() {
    assertProcessId(StableProcessIdTest::stateless, false);
    assertProcessId(() -> StableProcessId.keep(stateless()), true);
  }

  @Test
  void aTopologyWithItsOwnStoreIsLeftAsItIs() {
    Topology topology = stateless();
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("own"), Serdes.String(),
        Serdes.String()), "pass");
    TopologyDescription.Node pass = StableProcessId.keep(topology).describe().subtopologies().iterator().next()
        .nodes().stream().filter(node -> node.name().equals("pass")).findFirst().orElseThrow();
    assertThat(((TopologyDescription.Processor) pass).stores()).containsExactly("own");
  }
}
