package io.fakewatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VideoRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same provisioning and publishing against a real Kafka container, where a Docker engine exists. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaIT {
  @Container
  static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

  @Test
  void provisionsAndRoundTripsARequestOnAContainerBroker() throws Exception {
    FakeWatchConfig config = FakeWatchConfig.of(Map.of(ConfigKeys.BOOTSTRAP_SERVERS, KAFKA.getBootstrapServers(),
        ConfigKeys.FRAMES_MAX_MESSAGE_BYTES, String.valueOf(1024 * 1024)));
    Topics topics = new Topics(config);
    TopicProvisioner.provision(KafkaClients.admin(config), topics.newTopics());
    try (RequestPublisher publisher = new RequestPublisher(config)) {
      publisher.submit("container-1", "file:///c.mp4");
    }
    try (KafkaConsumer<String, VideoRequest> consumer = new KafkaConsumer<>(
        KafkaClients.consumer(config, "container-test"), new StringDeserializer(),
        topics.requests.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topics.requests.name()));
      List<ConsumerRecord<String, VideoRequest>> got = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (got.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
      assertThat(got).extracting(r -> r.value().getVideoId()).containsExactly("container-1");
    }
  }
}
