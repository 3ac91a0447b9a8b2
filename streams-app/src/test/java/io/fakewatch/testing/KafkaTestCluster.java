package io.fakewatch.testing;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.EmbeddedKafkaBroker;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.TopicProvisioner;
import io.fakewatch.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka for integration tests: the embedded KRaft broker, or a Testcontainers Kafka container
 * when a Docker engine exists and {@code FAKEWATCH_TEST_KAFKA=container}. One per test class:
 * {@code @RegisterExtension static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();}
 */
public final class KafkaTestCluster implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final AutoCloseable container;
  private final String bootstrap;
  private final Path stateDir;

  /** Starts a cluster before the class's first test and closes it after its last. */
  public static PerClass perClass() {
    return new PerClass();
  }

  /** The JUnit extension behind {@link #perClass()}. */
  public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
    private KafkaTestCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      cluster = start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
      if (cluster != null) {
        cluster.close();
      }
    }

    public KafkaTestCluster cluster() {
      return cluster;
    }

    public FakeWatchConfig config(Map<String, String> extra) throws Exception {
      return cluster.config(extra);
    }
  }

  private KafkaTestCluster(EmbeddedKafkaBroker broker, AutoCloseable container, String bootstrap) throws Exception {
    this.broker = broker;
    this.container = container;
    this.bootstrap = bootstrap;
    this.stateDir = Files.createTempDirectory("fakewatch-test-state-");
  }

  public static KafkaTestCluster start() throws Exception {
    if ("container".equals(System.getenv("FAKEWATCH_TEST_KAFKA")) && ContainerKafka.dockerAvailable()) {
      ContainerKafka container = ContainerKafka.start();
      return new KafkaTestCluster(null, container, container.bootstrapServers());
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
    return new KafkaTestCluster(broker, null, broker.bootstrapServers());
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  /** The embedded broker (null when running against a container), e.g. to restart it. */
  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  /**
   * A config for one test: its own topic names and application.id prefix, so tests sharing a broker
   * never see each other's records.
   */
  public FakeWatchConfig config(Map<String, String> extra) throws Exception {
    String run = "t" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> values = new HashMap<>();
    values.put(ConfigKeys.BOOTSTRAP_SERVERS, bootstrap);
    values.put(ConfigKeys.APPLICATION_ID_PREFIX, run);
    values.put(ConfigKeys.STATE_DIR, stateDir.resolve(run).toString());
    for (String key : List.of(ConfigKeys.TOPIC_REQUESTS, ConfigKeys.TOPIC_FRAMES, ConfigKeys.TOPIC_CROPS,
        ConfigKeys.TOPIC_SCORES, ConfigKeys.TOPIC_VERDICTS, ConfigKeys.TOPIC_DEAD_LETTERS)) {
      values.put(key, run + "-" + key.substring("topics.".length()));
    }
    values.putAll(extra);
    FakeWatchConfig config = FakeWatchConfig.of(values);
    TopicProvisioner.provision(KafkaClients.admin(config), new Topics(config).newTopics());
    return config;
  }

  /** Reads committed records from a topic until {@code expected} arrived or the timeout passed. */
  public <V> List<ConsumerRecord<String, V>> read(FakeWatchConfig config, String topic, Deserializer<V> values,
      int expected, Duration timeout) {
    Map<String, Object> props = KafkaClients.consumer(config, "test-reader-" + UUID.randomUUID());
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // a short extra poll catches records beyond the expected count (duplicates)
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }

  /** Committed verdicts by videoId (duplicates kept, so a test can check "exactly one"). */
  public Map<String, List<io.fakewatch.events.VideoVerdict>> verdictsById(FakeWatchConfig config, int expected,
      Duration timeout) {
    Topics topics = new Topics(config);
    Map<String, List<io.fakewatch.events.VideoVerdict>> byId = new java.util.LinkedHashMap<>();
    for (ConsumerRecord<String, io.fakewatch.events.VideoVerdict> record
        : read(config, topics.verdicts.name(), topics.verdicts.valueSerde().deserializer(), expected, timeout)) {
      byId.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
    }
    return byId;
  }

  @Override
  public void close() throws Exception {
    if (broker != null) {
      broker.close();
    }
    if (container != null) {
      container.close();
    }
  }
}
