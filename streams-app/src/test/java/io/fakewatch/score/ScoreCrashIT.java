package io.fakewatch.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.app.StageRunner;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropScore;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.Topics;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scorer dies in the middle of its work — a JVM {@link Error} inside the stream thread, after earlier
 * batches of the same transaction were already sent, so nothing is committed cleanly — and the thread is
 * replaced. Downstream, read_committed, every crop batch is scored exactly once.
 */
class ScoreCrashIT {
  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  /** Not an Exception: it escapes the processing-exception handler and kills the stream thread, like a crash. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash(String message) {
      super(message);
    }
  }

  @Test
  void everyBatchIsScoredExactlyOnceAcrossCrashes() throws Exception {
    FakeWatchConfig config = KAFKA.config(PipelineTestSettings.forVideos(SharedData.videos()))
        .with(Map.of("commit.interval.ms", "2000"));
    Topics topics = new Topics(config);
    byte[][] faces = {ScoreTopologyTest.image("mesonet_df00204.jpg"), ScoreTopologyTest.image("mesonet_real00240.jpg"),
        ScoreTopologyTest.image("mesonet_df01254.jpg"), ScoreTopologyTest.image("mesonet_real00772.jpg")};
    int videos = 4;
    int batchesPerVideo = 20;
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(KafkaClients.producer(config),
        new StringSerializer(), topics.crops.valueSerde().serializer())) {
      for (int b = 0; b < batchesPerVideo; b++) {
        for (int v = 0; v < videos; v++) {
          producer.send(new ProducerRecord<>(topics.crops.name(), "video-" + v,
              ScoreTopologyTest.crops("video-" + v, b, faces[0], faces[1], faces[2], faces[3])));
        }
      }
    }
    AtomicInteger calls = new AtomicInteger();
    StageFactory crashingScorer = new StageFactory() {
      @Override
      public String name() {
        return "score";
      }

      @Override
      public StagePlan plan(FakeWatchConfig c, Topics t) {
        OnnxCropClassifier real = ScoreStage.open(ScoreSettings.from(c), ModelStore.from(c), OnnxSettings.from(c));
        CropClassifier crashing = new CropClassifier() {
          @Override
          public List<String> modelIds() {
            return real.modelIds();
          }

          @Override
          public String provider() {
            return real.provider();
          }

          @Override
          public float[] fakeLogits(List<byte[]> crops) {
            int call = calls.incrementAndGet();
            if (call == 17 || call == 41) {
              throw new SimulatedCrash("scorer killed at call " + call);
            }
            return real.fakeLogits(crops);
          }
        };
        return new StagePlan("score", ScoreTopology.build(t, crashing), List.of(real));
      }
    };
    int expected = videos * batchesPerVideo;
    try (StageRunner runner = StageRunner.start(config, List.of(crashingScorer), Duration.ofSeconds(60))) {
      List<ConsumerRecord<String, SpecificRecord>> all = KAFKA.cluster().read(config, topics.scores.name(),
          topics.scores.valueSerde().deserializer(), expected, Duration.ofSeconds(180));
      Map<String, Long> perBatch = all.stream().map(r -> (CropScore) r.value())
          .collect(Collectors.groupingBy(s -> s.getVideoId() + "#" + s.getBatchIndex(), Collectors.counting()));
      assertThat(calls.get()).as("the scorer crashed twice and redid the lost work").isGreaterThan(expected + 2);
      assertThat(perBatch).hasSize(expected);
      assertThat(perBatch.values()).as("no batch scored twice downstream").allMatch(c -> c == 1);
      assertThat(all).allSatisfy(r -> assertThat(((CropScore) r.value()).getScores()).hasSize(4));
    }
  }
}
