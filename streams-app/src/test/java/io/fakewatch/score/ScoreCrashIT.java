package io.fakewatch.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.app.StageRunner;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropScore;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.Topics;
import io.fakewatch.metrics.FakeWatchMetrics;
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
    crash(null, 17, 41);
  }

  /**
   * With gathering on, a crash inside a flush kills the task with records gathered in the store: the
   * aborted transaction takes back the gathers and the outputs, the store is restored from its committed
   * changelog, and each record still gets exactly one CropScore. One crash, not two: each costs the
   * group's rebalance (most of this test's time) and the second proves nothing the first does not.
   */
  @Test
  void gatheredRecordsAreScoredExactlyOnceAcrossACrashInTheFlush() throws Exception {
    crash(new CropBatching(16, 50), 4, -1);
  }

  /** @param batching null: one record per batch, as ScoreTopology's short build does; secondCrash -1 for none */
  private void crash(CropBatching batching, int firstCrash, int secondCrash) throws Exception {
    FakeWatchConfig config = KAFKA.config(PipelineTestSettings.forVideos(SharedData.videos()))
        // the default session time-out: a 6 s one sped this test up but lost records for 180 s on a loaded CI run
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
            if (call == firstCrash || call == secondCrash) {
              throw new SimulatedCrash("scorer killed at call " + call);
            }
            return real.fakeLogits(crops);
          }
        };
        return new StagePlan("score", batching == null ? ScoreTopology.build(t, crashing)
            : ScoreTopology.build(t, crashing, null, batching, FakeWatchMetrics.isolated()), List.of(real));
      }
    };
    int expected = videos * batchesPerVideo;
    try (StageRunner runner = StageRunner.start(config, List.of(crashingScorer), Duration.ofSeconds(60))) {
      List<ConsumerRecord<String, SpecificRecord>> all = KAFKA.cluster().read(config, topics.scores.name(),
          topics.scores.valueSerde().deserializer(), expected, Duration.ofSeconds(180));
      Map<String, Long> perBatch = all.stream().map(r -> (CropScore) r.value())
          .collect(Collectors.groupingBy(s -> s.getVideoId() + "#" + s.getBatchIndex(), Collectors.counting()));
      // every record needs a call that succeeds (gathering: one per four records at best), and each crash is one more
      int fewest = batching == null ? expected : expected * 4 / batching.maxCrops();
      int crashes = secondCrash < 0 ? 1 : 2;
      assertThat(calls.get()).as("the scorer crashed and redid the lost work").isGreaterThanOrEqualTo(fewest + crashes);
      assertThat(perBatch).hasSize(expected);
      assertThat(perBatch.values()).as("no batch scored twice downstream").allMatch(c -> c == 1);
      assertThat(all).allSatisfy(r -> assertThat(((CropScore) r.value()).getScores()).hasSize(4));
    }
  }
}
