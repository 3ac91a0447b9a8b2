package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.StageRunner;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.kafka.Topics;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.testing.SharedData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ingest on a real broker: requests in, frame batches out, exactly one last batch per video. */
class IngestStageIT {
  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  @Test
  void requestsBecomeFrameBatchesWithOneLastBatchEach() throws Exception {
    FakeWatchConfig config = KAFKA.config(Map.of(IngestSettings.FILE_ROOTS, SharedData.videos().toString()));
    Topics topics = new Topics(config);
    try (StageRunner runner = StageRunner.start(config, List.of(new IngestStage()), Duration.ofSeconds(60));
         RequestPublisher publisher = new RequestPublisher(config);
         KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(KafkaClients.producer(config), new ByteArraySerializer(),
             new ByteArraySerializer())) {
      publisher.submit("a", SharedData.video("Deepfakes_c23_519_515.mp4").toUri().toString());
      raw.send(new ProducerRecord<>(topics.requests.name(), "junk".getBytes(), new byte[] {(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9})).get();
      publisher.submit("b", "file:///etc/passwd");
      publisher.submit("c", SharedData.video("orig_youtube_c23_004.mp4").toUri().toString());

      List<ConsumerRecord<String, FrameBatch>> records = KAFKA.cluster().read(config, topics.frames.name(),
          topics.frames.valueSerde().deserializer(), 17, Duration.ofSeconds(90)); // 4 batches + 4 clips twice, 1 refusal
      Map<String, List<FrameBatch>> byVideo = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
          Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
      assertThat(byVideo).containsOnlyKeys("a", "b", "c");
      byVideo.forEach((id, list) -> assertThat(list.stream().filter(FrameBatch::getLast)).as(id).hasSize(1));
      for (String id : List.of("a", "c")) {
        assertThat(byVideo.get(id).stream().filter(b -> b.getClipIndex() < 0).mapToInt(b -> b.getFrames().size()).sum())
            .as(id).isEqualTo(32);
        assertThat(byVideo.get(id).stream().filter(b -> b.getClipIndex() >= 0)).as(id).hasSize(4)
            .allSatisfy(clip -> assertThat(clip.getFrames()).hasSize(30));
      }
      assertThat(byVideo.get("b")).singleElement().satisfies(b -> assertThat(b.getStatus()).isEqualTo(Status.REJECTED));

      List<ConsumerRecord<String, DeadLetter>> letters = KAFKA.cluster().read(config, topics.deadLetters.name(),
          topics.deadLetters.valueSerde().deserializer(), 2, Duration.ofSeconds(30));
      assertThat(letters).extracting(r -> r.value().getReason())
          .containsExactlyInAnyOrder("DESERIALIZATION", "OUTSIDE_FILE_ROOT");
      DeadLetter junk = letters.stream().map(ConsumerRecord::value).filter(l -> l.getReason().equals("DESERIALIZATION"))
          .findFirst().orElseThrow();
      assertThat(junk.getTopic()).isEqualTo(topics.requests.name());
      assertThat(junk.getMessage()).contains("unknown schema fingerprint");
      assertThat(junk.getPayload().remaining()).isEqualTo(12);
    }
  }
}
