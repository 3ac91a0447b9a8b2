package io.fakewatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.kafka.Topics;
import io.fakewatch.metrics.MetricsSettings;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poison-video guard: an ingest stage decoding in-process, in a JVM of its own, is SIGKILLed twice while it
 * decodes the same video — the crash loop a decoder crash would cause, since the video's offset is never
 * committed. After the second restart the guard ends that video with a DECODE_ERROR without decoding it, and the
 * videos behind it on the partition are read as usual.
 */
class PoisonVideoIT {
  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aVideoInFlightAtTwoCrashesEndsAsADecodeErrorAndThePartitionGoesOn(@TempDir Path stateRoot, @TempDir Path logs)
      throws Exception {
    FakeWatchConfig config = KAFKA.config(Map.of(
        IngestSettings.FILE_ROOTS, SharedData.videos().toString(),
        IngestSettings.DECODE_ISOLATION, IngestSettings.IN_PROCESS,
        ConfigKeys.TOPIC_PARTITIONS, "1",
        IngestSettings.FRAMES_PER_VIDEO, "6",
        IngestSettings.FRAMES_PER_BATCH, "3",
        IngestSettings.CLIPS_PER_VIDEO, "1",
        MetricsSettings.ENABLED, "false",
        // the killed member's partition is free again after the broker's minimum session timeout, as in ChaosIT
        "kafka.session.timeout.ms", "6000",
        "kafka.heartbeat.interval.ms", "1500"));
    long started = System.nanoTime();
    Topics topics = new Topics(config);
    StageProcess ingest = new StageProcess("ingest", 0, StageProcess.writeConfig(config, logs.resolve("ingest.properties")),
        stateRoot, logs);
    Path attempts = stateRoot.resolve(ingest.name()).resolve("ingest-attempts");
    try {
      ingest.start();
      awaitReady(ingest);
      try (RequestPublisher publisher = new RequestPublisher(config)) {
        publisher.submit("poison", SharedData.video("Deepfakes_c23_519_515.mp4").toUri().toString());
        publisher.submit("after-1", SharedData.video("orig_youtube_c23_519.mp4").toUri().toString());
        publisher.submit("after-2", SharedData.video("orig_youtube_c23_004.mp4").toUri().toString());
      }
      for (int attempt = 1; attempt <= 2; attempt++) {
        awaitAttempt(attempts, attempt, ingest);
        ingest.killAndRestart(); // mid-decode: the attempt file exists only while the video is in flight
        System.out.printf("PoisonVideoIT +%ds: killed ingest while attempt %d decoded the video%n",
            (System.nanoTime() - started) / 1_000_000_000, attempt);
        awaitReady(ingest);
      }

      System.out.printf("PoisonVideoIT +%ds: restarted%n", (System.nanoTime() - started) / 1_000_000_000);
      List<ConsumerRecord<String, FrameBatch>> records = KAFKA.cluster().read(config, topics.frames.name(),
          topics.frames.valueSerde().deserializer(), 7, Duration.ofMinutes(2));
      Map<String, List<FrameBatch>> byVideo = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
          Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
      assertThat(byVideo).containsOnlyKeys("poison", "after-1", "after-2");
      assertThat(byVideo.get("poison")).singleElement().satisfies(terminal -> {
        assertThat(terminal.getStatus()).isEqualTo(Status.DECODE_ERROR);
        assertThat(terminal.getError()).isEqualTo("POISON_VIDEO: ingest crashed 2 times on this video");
        assertThat(terminal.getLast()).isTrue();
      });
      for (String id : List.of("after-1", "after-2")) {
        assertThat(byVideo.get(id)).as(id).hasSize(3).allSatisfy(b -> assertThat(b.getStatus()).isEqualTo(Status.OK))
            .filteredOn(FrameBatch::getLast).hasSize(1);
      }
      List<ConsumerRecord<String, DeadLetter>> letters = KAFKA.cluster().read(config, topics.deadLetters.name(),
          topics.deadLetters.valueSerde().deserializer(), 1, Duration.ofSeconds(10));
      assertThat(letters).extracting(r -> r.key() + " " + r.value().getReason()).containsExactly("poison POISON_VIDEO");
      try (Stream<Path> left = Files.list(attempts)) {
        assertThat(left).as("attempt files left after every video ended").isEmpty();
      }
      assertThat(ingest.deathNotice()).isNull();
      System.out.printf("PoisonVideoIT +%ds: done%n", (System.nanoTime() - started) / 1_000_000_000);
    } finally {
      ingest.kill();
    }
  }

  /** Waits until the attempts file of the video in flight records this attempt. */
  private static void awaitAttempt(Path attempts, int attempt, StageProcess ingest) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(attempts)) {
        try (Stream<Path> files = Files.list(attempts)) {
          for (Path file : files.toList()) {
            if (read(file).startsWith(attempt + "\npoison\n")) {
              return;
            }
          }
        }
      }
      assertThat(ingest.deathNotice()).isNull();
      Thread.sleep(5);
    }
    throw new AssertionError("attempt " + attempt + " never started; log:\n" + ingest.logTail(40));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return ""; // removed or being written
    }
  }

  private static void awaitReady(StageProcess ingest) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!ingest.ready()) {
      assertThat(ingest.deathNotice()).as("ingest died by itself").isNull();
      assertThat(System.nanoTime()).as("ingest RUNNING within 2 minutes").isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
