package io.fakewatch.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.StageRunner;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.Label;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.kafka.Topics;
import io.fakewatch.testing.KafkaTestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verdict stage on a real broker: error statuses and the TIMEOUT deadline, one committed verdict each. */
class VerdictStageIT {
  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  @Test
  void errorStatusesAndStalledVideosEachGetExactlyOneVerdict() throws Exception {
    FakeWatchConfig config = KAFKA.config(Map.of("verdict.timeout.ms", "4000", "verdict.check.interval.ms", "500"));
    Topics topics = new Topics(config);
    try (StageRunner runner = StageRunner.start(config, List.of(new VerdictStage()), Duration.ofSeconds(60));
         RequestPublisher publisher = new RequestPublisher(config);
         KafkaProducer<String, SpecificRecord> scores = new KafkaProducer<>(KafkaClients.producer(config),
             new StringSerializer(), topics.scores.valueSerde().serializer())) {
      for (String id : List.of("broken", "refused", "stalled")) {
        publisher.submit(id, "file:///videos/" + id + ".mp4");
      }
      scores.send(new ProducerRecord<>(topics.scores.name(), "broken", manifest("broken", Status.DECODE_ERROR))).get();
      scores.send(new ProducerRecord<>(topics.scores.name(), "refused", manifest("refused", Status.REJECTED))).get();

      List<ConsumerRecord<String, VideoVerdict>> records = KAFKA.cluster().read(config, topics.verdicts.name(),
          topics.verdicts.valueSerde().deserializer(), 3, Duration.ofSeconds(60));
      Map<String, List<VideoVerdict>> byId = records.stream()
          .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
      assertThat(byId).containsOnlyKeys("broken", "refused", "stalled");
      assertThat(byId.values()).allSatisfy(v -> assertThat(v).hasSize(1));
      assertThat(byId.get("broken").get(0).getStatus()).isEqualTo(Status.DECODE_ERROR);
      assertThat(byId.get("refused").get(0).getStatus()).isEqualTo(Status.REJECTED);
      VideoVerdict stalled = byId.get("stalled").get(0);
      assertThat(stalled.getStatus()).isEqualTo(Status.TIMEOUT);
      assertThat(stalled.getLabel()).isEqualTo(Label.UNKNOWN);
      assertThat(stalled.getProbability()).isEqualTo(0.5);
      assertThat(stalled.getUri()).isEqualTo("file:///videos/stalled.mp4");
    }
  }

  private static CropManifest manifest(String id, Status status) {
    return CropManifest.newBuilder().setVideoId(id).setUri("file:///videos/" + id + ".mp4")
        .setRequestedAt(Instant.now()).setStatus(status).setError(status + " for the test").build();
  }
}
