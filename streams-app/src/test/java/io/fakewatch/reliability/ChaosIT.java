package io.fakewatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.StageRegistry;
import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.CropScore;
import io.fakewatch.events.SequenceScores;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.kafka.Topics;
import io.fakewatch.metrics.MetricsSettings;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: two instances of every stage, each a JVM of its own, and every few seconds one instance of a random
 * stage is killed hard (SIGKILL) and started again, while 40 requests flow through. Read with read_committed,
 * every request still has exactly one verdict: none lost, none doubled, none invented.
 */
class ChaosIT {
  private static final int REQUESTS = 40;
  private static final int INSTANCES_PER_STAGE = 2;
  private static final Duration STARTUP = Duration.ofMinutes(3);
  /** Kills happen in this first window (one every 5 to 8 s), requests arrive during it, then the pipeline drains. */
  private static final Duration CHAOS = Duration.ofSeconds(60);
  /** The whole test, startup included; past it the test fails naming what is missing. */
  private static final Duration BUDGET = Duration.ofMinutes(8);

  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void everyRequestGetsExactlyOneVerdictWhileInstancesAreKilled(@TempDir Path stateRoot) throws Exception {
    long started = System.nanoTime();
    long seed = Long.getLong("chaos.seed", System.currentTimeMillis());
    System.out.println("ChaosIT seed " + seed + " (the same kill sequence again: -Dchaos.seed=" + seed + ")");
    Random random = new Random(seed);

    FakeWatchConfig config = KAFKA.config(settings());
    Path logs = freshLogDir(seed);
    Path configFile = StageProcess.writeConfig(config, logs.resolve("stages.properties"));
    List<StageProcess> instances = new ArrayList<>();
    Map<String, Integer> kills = new TreeMap<>();
    for (String stage : StageRegistry.names()) {
      kills.put(stage, 0);
      for (int i = 0; i < INSTANCES_PER_STAGE; i++) {
        instances.add(new StageProcess(stage, i, configFile, stateRoot, logs));
      }
    }
    try {
      for (StageProcess instance : instances) {
        instance.start();
      }
      awaitReady(instances, deadline(STARTUP));
      List<String> ids = submitWhileKilling(config, instances, kills, random, started);
      assertNoInstanceDiedByItself(instances);

      Duration left = Duration.ofNanos(started + BUDGET.toNanos() - System.nanoTime());
      Map<String, List<VideoVerdict>> byId = KAFKA.cluster().verdictsById(config, REQUESTS, left);
      Set<String> lost = new HashSet<>(ids);
      lost.removeAll(byId.keySet());
      Set<String> unknown = new HashSet<>(byId.keySet());
      ids.forEach(unknown::remove);
      long duplicates = byId.values().stream().mapToInt(list -> list.size() - 1).sum();
      long verdicts = byId.values().stream().mapToInt(List::size).sum();
      Map<Status, Long> statuses = byId.values().stream().flatMap(List::stream)
          .collect(Collectors.groupingBy(VideoVerdict::getStatus, TreeMap::new, Collectors.counting()));
      System.out.printf("ChaosIT report: requests=%d verdicts=%d duplicates=%d lost=%d statuses=%s kills=%s seconds=%d"
              + " seed=%d%n", ids.size(), verdicts, duplicates, lost.size(), statuses, kills,
          seconds(started), seed);
      if (!lost.isEmpty()) {
        instances.forEach(i -> System.out.println("--- " + i.name() + " log tail\n" + i.logTail(30)));
      }

      assertThat(kills.values().stream().mapToInt(Integer::intValue).sum()).as("instances killed").isGreaterThan(5);
      assertThat(lost).as("requests with no verdict within %s (seed %d)", BUDGET, seed).isEmpty();
      assertThat(unknown).as("verdicts for ids never requested").isEmpty();
      assertThat(byId).as("every request exactly one verdict (seed %d)", seed)
          .allSatisfy((id, list) -> assertThat(list).as(id).hasSize(1));
      // every shared video is a good one: kills may delay it, never turn it into a TIMEOUT or an error
      assertThat(byId).allSatisfy((id, list) ->
          assertThat(list.get(0).getStatus()).as(id).isIn(Status.OK, Status.NO_FACES));
      Map<String, Long> doubledScores = doubledScoreRecords(config);
      System.out.println("ChaosIT: score records written more than once (read_committed): " + doubledScores);
      assertThat(doubledScores).as("crop scores and manifests that reached the verdict stage twice").isEmpty();
      assertNoInstanceDiedByItself(instances);
    } finally {
      for (StageProcess instance : instances) {
        instance.kill();
      }
    }
  }

  /**
   * Few frames per video keep 40 videos on two cores bounded; score batches across records. A killed member lets its partitions go after the
   * broker's minimum session timeout. Its open transaction needs no short transaction.timeout.ms: restarted on
   * the same state dir it keeps its process id (stateless stages too, see StableProcessId), so its new producer
   * fences and aborts that transaction at once. A 10 s timeout was tried and hurt: the broker aborted
   * live transactions spanning a few slow decodes on the busy CPU, and ingest redid its work (92 decodes for
   * 40 videos, against 40 with the production timeout).
   */
  private static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>(PipelineTestSettings.forVideos(SharedData.videos()));
    settings.put(ConfigKeys.TOPIC_PARTITIONS, "4");
    settings.put(IngestSettings.FRAMES_PER_VIDEO, "6");
    settings.put(IngestSettings.FRAMES_PER_BATCH, "3");
    settings.put(MetricsSettings.ENABLED, "false");
    settings.put("kafka.session.timeout.ms", "6000");
    settings.put("kafka.heartbeat.interval.ms", "1500");
    // score gathers across records and videos (3-crop records: a batch of 8 spans several), so a killed scorer
    // often dies with records gathered in its store and unscored
    settings.put(io.fakewatch.score.CropBatching.MAX, "8");
    settings.put(io.fakewatch.score.CropBatching.LINGER_MS, "300");
    return settings;
  }

  /**
   * Exactly once below the verdicts too: every crop batch's and every clip's scores and every video's manifest, as the verdict
   * stage reads them (read_committed), written once, though upstream stages died with work half done. The
   * verdict stage would drop a repeat as a late score, so this is where a lost guarantee still shows.
   */
  private static Map<String, Long> doubledScoreRecords(FakeWatchConfig config) {
    Topics topics = new Topics(config);
    // every verdict is out, so every score before it is committed: read until the topic has nothing more
    List<ConsumerRecord<String, SpecificRecord>> records = KAFKA.cluster().read(config, topics.scores.name(),
        topics.scores.valueSerde().deserializer(), Integer.MAX_VALUE, Duration.ofSeconds(10));
    Map<String, Long> written = records.stream().map(ConsumerRecord::value)
        .map(value -> value instanceof CropScore score ? "scores " + score.getVideoId() + "#" + score.getBatchIndex()
            : value instanceof SequenceScores clip ? "sequences " + clip.getVideoId() + "#" + clip.getClipIndex()
            : "manifest " + ((CropManifest) value).getVideoId())
        .collect(Collectors.groupingBy(key -> key, TreeMap::new, Collectors.counting()));
    written.values().removeIf(count -> count == 1);
    return written;
  }

  /** The stage processes' logs stay after the run under target/, for a look at what the kills did. */
  private static Path freshLogDir(long seed) throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "chaos-it", "seed-" + seed)).toAbsolutePath();
    try (var earlier = Files.list(logs)) { // a rerun with the same seed starts fresh logs
      for (Path file : earlier.toList()) {
        Files.delete(file);
      }
    }
    System.out.println("ChaosIT: stage process logs in " + logs);
    return logs;
  }

  private static long seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000_000;
  }

  /**
   * Requests arrive one a second while, every 5 to 8 seconds, an instance of a random stage is killed and
   * restarted; after {@link #CHAOS} the rest of the requests go in at once. Returns the ids requested.
   */
  private static List<String> submitWhileKilling(FakeWatchConfig config, List<StageProcess> instances,
      Map<String, Integer> kills, Random random, long started) throws Exception {
    List<Path> videos = SharedData.allVideos();
    List<String> ids = new ArrayList<>();
    long chaosEnd = System.nanoTime() + CHAOS.toNanos();
    long nextKill = System.nanoTime() + killDelay(random);
    List<String> round = new ArrayList<>(); // the stages still to be hit in this round of kills
    try (RequestPublisher publisher = new RequestPublisher(config)) {
      while (System.nanoTime() < chaosEnd) {
        if (ids.size() < REQUESTS) {
          submitNext(publisher, videos, ids);
        }
        if (System.nanoTime() >= nextKill) {
          StageProcess victim = nextVictim(instances, round, random);
          System.out.printf("ChaosIT +%ds: kill -9 %s and restart it%n", seconds(started), victim.name());
          victim.killAndRestart();
          kills.merge(victim.stage(), 1, Integer::sum);
          nextKill = System.nanoTime() + killDelay(random);
        }
        Thread.sleep(1000);
      }
      while (ids.size() < REQUESTS) { // only if the loop above was starved of time
        submitNext(publisher, videos, ids);
      }
    }
    return ids;
  }

  /**
   * One instance, chosen at random, of the next stage in a shuffled round of all four: the order is random,
   * and every stage is killed at least once in the first four kills.
   */
  private static StageProcess nextVictim(List<StageProcess> instances, List<String> round, Random random) {
    if (round.isEmpty()) {
      round.addAll(StageRegistry.names());
      Collections.shuffle(round, random);
    }
    String stage = round.remove(0);
    List<StageProcess> ofStage = instances.stream().filter(i -> i.stage().equals(stage)).toList();
    return ofStage.get(random.nextInt(ofStage.size()));
  }

  /** The shared videos over and over, each time under a new video id. */
  private static void submitNext(RequestPublisher publisher, List<Path> videos, List<String> ids) throws Exception {
    Path video = videos.get(ids.size() % videos.size());
    ids.add(publisher.submit("chaos-" + ids.size() + "-" + video.getFileName(), video.toUri().toString()).getVideoId());
  }

  private static long killDelay(Random random) {
    return TimeUnit.SECONDS.toNanos(5 + random.nextInt(4));
  }

  private static long deadline(Duration duration) {
    return System.nanoTime() + duration.toNanos();
  }

  private static void awaitReady(List<StageProcess> instances, long deadline) throws InterruptedException {
    while (!instances.stream().allMatch(StageProcess::ready)) {
      assertNoInstanceDiedByItself(instances);
      if (System.nanoTime() > deadline) {
        throw new AssertionError("stage processes not RUNNING within " + STARTUP + ": "
            + instances.stream().filter(i -> !i.ready()).map(StageProcess::name).toList());
      }
      Thread.sleep(500);
    }
  }

  private static void assertNoInstanceDiedByItself(List<StageProcess> instances) {
    for (StageProcess instance : instances) {
      String notice = instance.deathNotice();
      if (notice != null) {
        throw new AssertionError(notice);
      }
    }
  }
}
