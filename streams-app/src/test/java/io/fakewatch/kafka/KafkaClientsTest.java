package io.fakewatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What the Streams clients of a stage really get, read back through Kafka's own StreamsConfig. */
class KafkaClientsTest {
  private static Map<String, Object> producer(StreamsConfig streams) {
    return streams.getProducerConfigs("client");
  }

  private static Map<String, Object> consumer(StreamsConfig streams) {
    return streams.getMainConsumerConfigs("group", "client", 0);
  }

  @Test
  void ourDefaultsApplyWhenNothingIsSet() {
    StreamsConfig streams = new StreamsConfig(KafkaClients.streams(FakeWatchConfig.defaults(), "detect"));
    assertThat(producer(streams)).containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 300_000)
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, KafkaClients.OUTAGE_TOLERANCE_MS)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, KafkaClients.OUTAGE_TOLERANCE_MS);
    assertThat(streams.getLong(StreamsConfig.TASK_TIMEOUT_MS_CONFIG)).isEqualTo(KafkaClients.OUTAGE_TOLERANCE_MS);
    assertThat(consumer(streams)).containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4);
  }

  @Test
  void aPlainKafkaKeyWinsOverOurPrefixedDefault() {
    FakeWatchConfig config = FakeWatchConfig.of(Map.of("kafka.transaction.timeout.ms", "10000",
        "kafka.max.poll.records", "7", "kafka.session.timeout.ms", "6000"));
    StreamsConfig streams = new StreamsConfig(KafkaClients.streams(config, "detect"));
    assertThat(producer(streams).get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)).hasToString("10000");
    assertThat(consumer(streams).get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)).hasToString("7");
    assertThat(consumer(streams).get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).hasToString("6000");
  }

  @Test
  void aPrefixedKafkaKeyWinsOverAPlainOne() {
    FakeWatchConfig config = FakeWatchConfig.of(Map.of("kafka.max.poll.records", "7",
        "kafka." + StreamsConfig.consumerPrefix("max.poll.records"), "9"));
    StreamsConfig streams = new StreamsConfig(KafkaClients.streams(config, "detect"));
    assertThat(consumer(streams).get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)).hasToString("9");
  }
}
