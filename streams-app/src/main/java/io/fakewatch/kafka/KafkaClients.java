package io.fakewatch.kafka;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Client settings for every Kafka client FakeWatch makes, with the {@code kafka.*} pass-through applied last. */
public final class KafkaClients {
  /** How long a stage's clients wait out an unreachable broker before a stream thread gives up. */
  static final int OUTAGE_TOLERANCE_MS = 300_000;

  private KafkaClients() {}

  public static Map<String, Object> admin(FakeWatchConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.getList(ConfigKeys.BOOTSTRAP_SERVERS)));
    props.putAll(config.kafkaOverrides());
    return props;
  }

  public static Map<String, Object> producer(FakeWatchConfig config) {
    Map<String, Object> props = admin(config);
    props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, new Topics(config).largestMessageBytes());
    return props;
  }

  /** A consumer that sees only committed records: exactly-once stages write in transactions. */
  public static Map<String, Object> consumer(FakeWatchConfig config, String groupId) {
    Map<String, Object> props = admin(config);
    if (groupId != null) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, new Topics(config).largestMessageBytes());
    return props;
  }

  /** Kafka Streams settings of one stage: its own application.id, exactly-once, dead-letter handlers. */
  public static Map<String, Object> streams(FakeWatchConfig config, String stage) {
    Topics topics = new Topics(config);
    int largest = topics.largestMessageBytes();
    Map<String, Object> props = new HashMap<>();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(ConfigKeys.APPLICATION_ID_PREFIX) + "-" + stage);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.getList(ConfigKeys.BOOTSTRAP_SERVERS)));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(ConfigKeys.PROCESSING_GUARANTEE));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, ConfigKeys.streamThreads(config, stage));
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(ConfigKeys.STATE_DIR));
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(ConfigKeys.COMMIT_INTERVAL_MS));
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.DeserializationHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.ProcessingHandler.class);
    props.put(DeadLetters.STAGE_CONFIG, stage);
    props.put(DeadLetters.TOPIC_CONFIG, topics.deadLetters.name());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), largest);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
    // A transaction spans the processing of a record: decoding a video or detecting faces in a batch can
    // take many seconds on a busy CPU, far over Streams' 10 s default, and an expired transaction is
    // aborted and the work redone. Five minutes stays under the broker's 15-minute maximum.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 300_000);
    // A broker outage (a restart, a failover) must not end stream threads. Streams retries time-outs for
    // task.timeout.ms, but the producer gave up sooner: after 60 s waiting for a topic's metadata or a
    // transactional offset commit (max.block.ms), after 120 s for a batch (delivery.timeout.ms), and under
    // exactly-once that failure killed the thread (BrokerRestartIT). Now the producer waits as long as Streams.
    props.put(StreamsConfig.TASK_TIMEOUT_MS_CONFIG, OUTAGE_TOLERANCE_MS);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), OUTAGE_TOLERANCE_MS);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), OUTAGE_TOLERANCE_MS);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), largest);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), largest * 2);
    // A frame batch of full-resolution JPEGs is slow to process: poll few at a time so that the worst
    // case (the largest batch on the slowest device) stays far inside max.poll.interval.ms.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 4);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 600_000);
    props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
    applyOverrides(props, config.kafkaOverrides());
    return props;
  }

  /**
   * The {@code kafka.*} keys win over every default above. Streams prefers a {@code producer.}/{@code consumer.}
   * prefixed key to the plain one, so a plain {@code kafka.transaction.timeout.ms} would otherwise lose silently
   * to our prefixed default: such a default is dropped when the user sets the plain key.
   */
  static void applyOverrides(Map<String, Object> props, Map<String, Object> overrides) {
    props.putAll(overrides);
    for (String key : overrides.keySet()) {
      for (String prefix : List.of(StreamsConfig.PRODUCER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
          StreamsConfig.MAIN_CONSUMER_PREFIX)) {
        if (!overrides.containsKey(prefix + key)) {
          props.remove(prefix + key);
        }
      }
    }
  }
}
