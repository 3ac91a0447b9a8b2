package io.fakewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.StageRunner;
import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.FaceCrop;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.Topics;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Detect on a real broker, stopped after half a video and restarted on an empty disk: tracks continue. */
class DetectStageIT {
  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  @Test
  void trackStateIsRestoredAfterARestartMidVideo(@TempDir Path firstDisk, @TempDir Path secondDisk) throws Exception {
    FakeWatchConfig config = KAFKA.config(PipelineTestSettings.forVideos(SharedData.videos()));
    Topics topics = new Topics(config);
    List<FrameBatch> batches = DetectTopologyTest.batches("half", "Deepfakes_c23_519_515.mp4");
    try (KafkaProducer<String, FrameBatch> producer = new KafkaProducer<>(KafkaClients.producer(config),
        new StringSerializer(), topics.frames.valueSerde().serializer())) {
      try (StageRunner first = StageRunner.start(config.with(ConfigKeys.STATE_DIR, firstDisk), List.of(new DetectStage()),
          Duration.ofSeconds(60))) {
        for (FrameBatch batch : batches.subList(0, 2)) {
          producer.send(new ProducerRecord<>(topics.frames.name(), "half", batch)).get();
        }
        assertThat(read(config, topics, 2)).hasSize(2);
      }
      // a new instance with nothing on disk: the track state must come back from the changelog
      try (StageRunner second = StageRunner.start(config.with(ConfigKeys.STATE_DIR, secondDisk), List.of(new DetectStage()),
          Duration.ofSeconds(60))) {
        for (FrameBatch batch : batches.subList(2, 4)) {
          producer.send(new ProducerRecord<>(topics.frames.name(), "half", batch)).get();
        }
        List<SpecificRecord> out = read(config, topics, 5);
        assertThat(out).hasSize(5);
        List<FaceCrops> crops = out.stream().filter(FaceCrops.class::isInstance).map(FaceCrops.class::cast).toList();
        CropManifest manifest = out.stream().filter(CropManifest.class::isInstance).map(CropManifest.class::cast)
            .findFirst().orElseThrow();
        assertThat(crops).hasSize(4);
        assertThat(manifest.getCropRecords()).isEqualTo(4);
        assertThat(manifest.getTotalCrops()).isEqualTo(crops.stream().mapToInt(c -> c.getCrops().size()).sum());
        assertThat(manifest.getSampledFrames()).isEqualTo(32);
        // the face keeps its track id across the restart: one dominant track spanning both halves
        Set<Integer> before = ids(crops.subList(0, 2));
        Set<Integer> after = ids(crops.subList(2, 4));
        assertThat(after).containsAnyElementsOf(before);
        assertThat(manifest.getTracks().get(0).getCrops()).isGreaterThanOrEqualTo(29);
        assertThat(manifest.getTracks().get(0).getLastFrame()).isGreaterThan(crops.get(2).getCrops().get(0).getFrameIndex());
      }
    }
  }

  private static Set<Integer> ids(List<FaceCrops> crops) {
    return crops.stream().flatMap(c -> c.getCrops().stream()).map(FaceCrop::getTrackId).collect(Collectors.toSet());
  }

  private static List<SpecificRecord> read(FakeWatchConfig config, Topics topics, int expected) {
    return KAFKA.cluster().read(config, topics.crops.name(), topics.crops.valueSerde().deserializer(), expected,
        Duration.ofSeconds(90)).stream().map(ConsumerRecord::value).toList();
  }
}
