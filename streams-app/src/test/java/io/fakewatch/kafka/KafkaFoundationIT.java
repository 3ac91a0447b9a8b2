package io.fakewatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.serde.VideoRequests;
import io.fakewatch.testing.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The foundation on a real broker: provisioning, publishing in every accepted form, reading back through the serde. */
class KafkaFoundationIT {
  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  @Test
  void provisionsEveryTopicWithItsSizeLimit() throws Exception {
    FakeWatchConfig config = KAFKA.config(Map.of("topics.partitions", "3"));
    Topics topics = new Topics(config);
    try (Admin admin = Admin.create(KafkaClients.admin(config))) {
      Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      List<String> ours = List.of(topics.requests.name(), topics.frames.name(), topics.crops.name(),
          topics.scores.name(), topics.verdicts.name(), topics.deadLetters.name());
      assertThat(names).containsAll(ours);
      Map<String, TopicDescription> described = admin.describeTopics(ours).allTopicNames().get(10, TimeUnit.SECONDS);
      assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3));
      ConfigResource frames = new ConfigResource(ConfigResource.Type.TOPIC, topics.frames.name());
      String maxBytes = admin.describeConfigs(List.of(frames)).all().get(10, TimeUnit.SECONDS).get(frames)
          .get("max.message.bytes").value();
      assertThat(Integer.parseInt(maxBytes)).isEqualTo(16 * 1024 * 1024);
    }
    // provisioning twice is harmless
    assertThat(TopicProvisioner.provision(KafkaClients.admin(config), topics.newTopics())).isEmpty();
  }

  @Test
  void requestsPublishedAsAvroJsonAndBareUriAllReadBack() throws Exception {
    FakeWatchConfig config = KAFKA.config(Map.of());
    Topics topics = new Topics(config);
    VideoRequest submitted;
    try (RequestPublisher publisher = new RequestPublisher(config)) {
      submitted = publisher.submit("clip-1", "file:///videos/clip-1.mp4");
    }
    // anyone with a plain producer (kcat, console producer) sends text
    try (KafkaProducer<String, String> plain = new KafkaProducer<>(KafkaClients.producer(config),
        new StringSerializer(), new StringSerializer())) {
      plain.send(new ProducerRecord<>(topics.requests.name(), null, "https://example.com/bare.mp4")).get();
      plain.send(new ProducerRecord<>(topics.requests.name(), null,
          "{\"videoId\": \"clip-3\", \"uri\": \"https://example.com/three.mp4\"}")).get();
    }
    List<ConsumerRecord<String, VideoRequest>> records = KAFKA.cluster().read(config, topics.requests.name(),
        topics.requests.valueSerde().deserializer(), 3, Duration.ofSeconds(30));
    Map<String, VideoRequest> byId = records.stream().map(ConsumerRecord::value)
        .collect(Collectors.toMap(VideoRequest::getVideoId, r -> r));
    assertThat(byId).hasSize(3);
    assertThat(byId.get("clip-1")).isEqualTo(submitted);
    assertThat(byId.get(VideoRequests.idForUri("https://example.com/bare.mp4")).getUri())
        .isEqualTo("https://example.com/bare.mp4");
    assertThat(byId.get("clip-3").getUri()).isEqualTo("https://example.com/three.mp4");
    // the Avro request was keyed by its videoId, so a video's events share a partition
    assertThat(records.stream().filter(r -> "clip-1".equals(r.key()))).hasSize(1);
  }
}
