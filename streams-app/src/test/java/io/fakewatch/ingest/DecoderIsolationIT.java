package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.app.StageRegistry;
import io.fakewatch.app.StageRunner;
import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.kafka.Topics;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real broker, its ingest decoding in worker processes that a marker in a video makes
 * crash (a native SIGSEGV) or hang. On one partition, in order: the crashing video, a good one, the hanging one,
 * another good one. Each bad video gets exactly one DECODE_ERROR verdict naming the cause and a dead letter;
 * the good ones queued behind them get OK verdicts; exactly two workers are replaced, and the stream threads
 * are the ones that started.
 */
class DecoderIsolationIT {
  private static final long DECODE_TIMEOUT_S = 8;

  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aCrashingAndAHangingDecoderCostOneVideoEachAndThePartitionGoesOn(@TempDir Path root) throws Exception {
    Path good = SharedData.video("Deepfakes_c23_519_515.mp4");
    Path crashing = TriggeredDecodeWorker.marked(good, root.resolve("crash.mp4"), TriggeredDecodeWorker.SEGV);
    Path hanging = TriggeredDecodeWorker.marked(good, root.resolve("hang.mp4"), TriggeredDecodeWorker.HANG);
    Map<String, String> settings = new HashMap<>(PipelineTestSettings.forVideos(SharedData.videos()));
    settings.put(IngestSettings.FILE_ROOTS, SharedData.videos() + "," + root.toRealPath());
    settings.put(ConfigKeys.TOPIC_PARTITIONS, "1");
    settings.put(IngestSettings.FRAMES_PER_VIDEO, "6");
    settings.put(IngestSettings.FRAMES_PER_BATCH, "3");
    settings.put(IngestSettings.DECODE_TIMEOUT_MS, String.valueOf(DECODE_TIMEOUT_S * 1000));
    FakeWatchConfig config = KAFKA.config(settings);
    Topics topics = new Topics(config);
    TriggeredIngest ingest = new TriggeredIngest();
    List<StageFactory> stages = new ArrayList<>(List.of(ingest));
    stages.addAll(StageRegistry.select("detect,score,verdict"));

    try (StageRunner runner = StageRunner.start(config, stages, Duration.ofMinutes(2))) {
      List<String> threads = threadNames(runner);
      try (RequestPublisher publisher = new RequestPublisher(config)) {
        publisher.submit("crash", crashing.toUri().toString());
        publisher.submit("good-1", good.toUri().toString());
        publisher.submit("hang", hanging.toUri().toString());
        publisher.submit("good-2", SharedData.video("orig_youtube_c23_519.mp4").toUri().toString());
      }
      Map<String, List<VideoVerdict>> verdicts = KAFKA.cluster().verdictsById(config, 4, Duration.ofMinutes(3));

      assertThat(verdicts).containsOnlyKeys("crash", "good-1", "hang", "good-2");
      verdicts.forEach((id, list) -> assertThat(list).as(id).hasSize(1));
      assertThat(verdicts.get("crash").get(0)).satisfies(v -> {
        assertThat(v.getStatus()).isEqualTo(Status.DECODE_ERROR);
        assertThat(v.getError()).contains("decoder crashed: SIGSEGV");
      });
      assertThat(verdicts.get("hang").get(0)).satisfies(v -> {
        assertThat(v.getStatus()).isEqualTo(Status.DECODE_ERROR);
        assertThat(v.getError()).contains("decoder exceeded " + DECODE_TIMEOUT_S + " s");
      });
      for (String id : List.of("good-1", "good-2")) {
        assertThat(verdicts.get(id).get(0).getStatus()).as(id).isEqualTo(Status.OK);
      }
      List<ConsumerRecord<String, DeadLetter>> letters = KAFKA.cluster().read(config, topics.deadLetters.name(),
          topics.deadLetters.valueSerde().deserializer(), 2, Duration.ofSeconds(10));
      assertThat(letters).extracting(r -> r.key() + " " + r.value().getReason())
          .containsExactlyInAnyOrder("crash DECODER_CRASHED", "hang DECODE_TIMEOUT");
      // one worker at the start and one replacement per dead worker: nothing restarts in a loop
      assertThat(ingest.pool.replaced()).isEqualTo(2);
      assertThat(ingest.pool.started()).isEqualTo(3);
      assertThat(threadNames(runner)).as("the same stream threads: none died and was replaced").isEqualTo(threads);
    }
  }

  /** The ingest stage as IngestStage builds it, but with workers that obey the test's markers. */
  private static final class TriggeredIngest implements StageFactory {
    private DecoderPool pool;

    @Override
    public String name() {
      return "ingest";
    }

    @Override
    public StagePlan plan(FakeWatchConfig config, Topics topics) {
      IngestSettings settings = IngestSettings.from(config);
      pool = new DecoderPool(settings, TriggeredDecodeWorker.class, true);
      FetchDecodeIngestor ingestor = new FetchDecodeIngestor(settings, pool, IngestStage.guard(config, settings));
      return new StagePlan(name(), IngestTopology.build(topics, ingestor), List.of(ingestor));
    }
  }

  private static List<String> threadNames(StageRunner runner) {
    return runner.streams().stream().flatMap(s -> s.metadataForLocalThreads().stream())
        .map(ThreadMetadata::threadName).sorted().toList();
  }
}
