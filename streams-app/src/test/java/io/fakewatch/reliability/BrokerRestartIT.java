package io.fakewatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fakewatch.app.StageRegistry;
import io.fakewatch.app.StageRunner;
import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.kafka.EmbeddedKafkaBroker;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.kafka.Topics;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker goes away mid-run for over a minute, with work in flight, and comes back on the same port and log
 * directory. Every stage rides the outage out on its original stream thread (none dies and is replaced), and
 * every request still gets exactly one committed verdict.
 */
class BrokerRestartIT {
  private static final int REQUESTS = 8;
  /** Longer than the producer's default 60 s max.block.ms, which ended stream threads before KafkaClients raised it. */
  private static final Duration OUTAGE = Duration.ofSeconds(70);

  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void everyRequestGetsExactlyOneVerdictAcrossABrokerRestart() throws Exception {
    EmbeddedKafkaBroker broker = KAFKA.cluster().broker();
    assumeTrue(broker != null, "restarts the embedded broker; a Kafka container cannot be restarted in place");
    long started = System.nanoTime();
    Map<String, String> settings = new HashMap<>(PipelineTestSettings.forVideos(SharedData.videos()));
    settings.put(ConfigKeys.TOPIC_PARTITIONS, "2");
    settings.put(IngestSettings.FRAMES_PER_VIDEO, "6");
    settings.put(IngestSettings.FRAMES_PER_BATCH, "3");
    FakeWatchConfig config = KAFKA.config(settings);
    Topics topics = new Topics(config);
    List<Path> videos = SharedData.allVideos().subList(0, REQUESTS);
    List<String> ids = new ArrayList<>();

    try (StageRunner stages = StageRunner.start(config, StageRegistry.select("all"), Duration.ofMinutes(2))) {
      try (RequestPublisher publisher = new RequestPublisher(config)) {
        for (Path video : videos) {
          ids.add(publisher.submit("restart-" + ids.size() + "-" + video.getFileName(), video.toUri().toString())
              .getVideoId());
        }
      }
      // the first verdict shows every stage at work; the rest of the requests are somewhere in the pipeline
      assertThat(KAFKA.cluster().read(config, topics.verdicts.name(), topics.verdicts.valueSerde().deserializer(), 1,
          Duration.ofMinutes(3))).as("a first verdict before the outage").isNotEmpty();
      String bootstrap = broker.bootstrapServers();
      List<String> threads = threadNames(stages);
      broker.stop();
      Thread.sleep(OUTAGE.toMillis());
      broker.restart();
      assertThat(broker.bootstrapServers()).as("same port after the restart").isEqualTo(bootstrap);

      Map<String, List<VideoVerdict>> byId = KAFKA.cluster().verdictsById(config, REQUESTS, Duration.ofMinutes(5));
      Set<String> lost = new HashSet<>(ids);
      lost.removeAll(byId.keySet());
      long duplicates = byId.values().stream().mapToInt(list -> list.size() - 1).sum();
      List<String> threadsAfter = threadNames(stages);
      System.out.printf("BrokerRestartIT report: requests=%d verdicts=%d duplicates=%d lost=%d outage=%ds"
              + " threadsReplaced=%d seconds=%d%n", ids.size(), byId.values().stream().mapToInt(List::size).sum(),
          duplicates, lost.size(), OUTAGE.toSeconds(), threadsAfter.stream().filter(t -> !threads.contains(t)).count(),
          (System.nanoTime() - started) / 1_000_000_000);

      assertThat(lost).as("requests with no verdict").isEmpty();
      assertThat(byId.keySet()).as("no verdict for an id never requested").containsExactlyInAnyOrderElementsOf(ids);
      assertThat(byId).allSatisfy((id, list) -> assertThat(list).as(id).hasSize(1));
      assertThat(byId).allSatisfy((id, list) ->
          assertThat(list.get(0).getStatus()).as(id).isIn(Status.OK, Status.NO_FACES));
      assertThat(stages.streams()).as("no stage gave up during the outage")
          .allSatisfy(stage -> assertThat(stage.state().isRunningOrRebalancing()).as(stage.state().name()).isTrue());
      assertThat(threadsAfter).as("the same stream threads: none died and was replaced").isEqualTo(threads);
    }
  }

  private static List<String> threadNames(StageRunner stages) {
    return stages.streams().stream().flatMap(s -> s.metadataForLocalThreads().stream())
        .map(ThreadMetadata::threadName).sorted().toList();
  }
}
