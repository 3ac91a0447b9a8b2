package io.fakewatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fakewatch.app.StageRegistry;
import io.fakewatch.app.StageRunner;
import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.metrics.MetricsSettings;
import io.fakewatch.serde.AvroJson;
import io.fakewatch.testing.CliRun;
import io.fakewatch.testing.LogCapture;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FakeWatch against a broker that demands SASL/PLAIN. With the right credentials, given only as
 * {@code kafka.*} settings in a config file, every client works: the {@code topics}, {@code submit} and
 * {@code verdicts} commands and all four stages' Kafka Streams apps take one video to its verdict. With a
 * wrong password every command fails at once with Kafka's authentication error. Neither password ever shows
 * in a log line (Kafka's own at INFO, FakeWatch's at DEBUG) or in anything a command prints.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a guard against a hang, not a speed check
class SaslPlainIT {
  private static final String USER = "fakewatch";
  // unique strings: finding one in a log can only be a leak
  private static final String PASSWORD = "right-" + UUID.randomUUID();
  private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();

  private static EmbeddedKafkaBroker broker;
  private static Path videos;
  private static Path video;

  @BeforeAll
  static void startBroker() throws Exception {
    // real paths: UriPolicy compares a file's path with its roots before resolving symlinks, so a shared
    // folder reached through a symlink (as in a git worktree) would be outside its own root
    videos = SharedData.videos().toRealPath();
    video = SharedData.video("Deepfakes_c23_519_515.mp4").toRealPath();
    broker = EmbeddedKafkaBroker.startWithSaslPlain(USER, PASSWORD);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void theWholePipelineRunsOverSaslAndNoSecretIsLogged(@TempDir Path dir) throws Exception {
    Path config = writeConfig(dir, PASSWORD);
    String uri = video.toUri().toString();
    List<CliRun> runs = new ArrayList<>();
    try (LogCapture logs = LogCapture.start()) {
      CliRun topics = record(runs, CliRun.of("topics", "--config", config.toString()));
      assertThat(topics.code()).as(topics.err()).isZero();
      assertThat(topics.out()).contains("video-requests   created", "video-verdicts   created");

      CliRun submit = record(runs, CliRun.of("submit", "--config", config.toString(), "--id", "sasl-video", uri));
      assertThat(submit.code()).as(submit.err()).isZero();
      assertThat(submit.out()).contains("sasl-video");

      FakeWatchConfig settings = FakeWatchConfig.load(config, Map.of(), Map.of());
      try (StageRunner stages = StageRunner.start(settings, StageRegistry.select("all"), Duration.ofMinutes(3))) {
        List<VideoVerdict> verdicts = awaitVerdicts(config, "sasl-video", runs);
        assertThat(verdicts).hasSize(1);
        // OK: the video went through ingest, detect, score and verdict, each a Streams app on SASL
        assertThat(verdicts.get(0).getStatus()).isEqualTo(Status.OK);
      }

      CliRun effective = record(runs, CliRun.of("config", "--effective", "--config", config.toString()));
      assertThat(effective.out()).contains("kafka.sasl.jaas.config=[hidden]", "kafka.security.protocol=SASL_PLAINTEXT");

      String logged = logs.text();
      // the capture saw Kafka's client config dumps and FakeWatch's effective-config line, masked
      assertThat(logged).contains("sasl.jaas.config = [hidden]", "effective configuration:");
      assertThat(logged).doesNotContain(PASSWORD);
    }
    assertThat(runs).allSatisfy(run -> assertThat(run.out() + run.err()).doesNotContain(PASSWORD));
  }

  @Test
  void aWrongPasswordFailsAtOnceWithAnAuthenticationError(@TempDir Path dir) throws Exception {
    Path config = writeConfig(dir, WRONG_PASSWORD);
    String uri = video.toUri().toString();
    try (LogCapture logs = LogCapture.start()) {
      // `run` starts every stage's Streams app: it must stop with the reason, not replace threads forever
      for (List<String> command : List.of(List.of("topics"), List.of("submit", uri), List.of("verdicts"),
          List.of("run", "--stages", "all"))) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--config", config.toString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.code()).as(command + ": " + run.err()).isEqualTo(1);
        // Kafka's own error, not a time-out after a minute of retries: the client gave up at the refusal
        assertThat(run.err()).as(command.toString())
            .contains("fakewatch " + command.get(0) + ": ")
            .contains("Authentication failed: Invalid username or password")
            .doesNotContain("Timeout", WRONG_PASSWORD);
        assertThat(run.err().lines().count()).as(command.toString()).isEqualTo(1);
        assertThat(run.out()).as(command.toString()).doesNotContain(WRONG_PASSWORD);
      }
      assertThat(logs.text()).doesNotContain(WRONG_PASSWORD, PASSWORD);
    }
  }

  /** A config file as an operator writes one: the credentials are only kafka.* keys. */
  private static Path writeConfig(Path dir, String password) throws Exception {
    Properties values = new Properties();
    values.putAll(PipelineTestSettings.forVideos(videos));
    values.put(ConfigKeys.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    values.put(ConfigKeys.APPLICATION_ID_PREFIX, "sasl");
    values.put(ConfigKeys.STATE_DIR, dir.resolve("state").toString());
    values.put(IngestSettings.FRAMES_PER_VIDEO, "8");
    values.put(MetricsSettings.PORT, "0");
    values.put("kafka.security.protocol", "SASL_PLAINTEXT");
    values.put("kafka.sasl.mechanism", "PLAIN");
    values.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
        + " username=\"" + USER + "\" password=\"" + password + "\";");
    Path file = dir.resolve("fakewatch.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      values.store(out, "SaslPlainIT");
    }
    return file;
  }

  /** Runs {@code verdicts --json} until it prints a verdict for {@code videoId}; returns all of them. */
  private static List<VideoVerdict> awaitVerdicts(Path config, String videoId, List<CliRun> runs) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    List<VideoVerdict> found = new ArrayList<>();
    while (found.isEmpty() && System.nanoTime() < deadline) {
      CliRun verdicts = record(runs, CliRun.of("verdicts", "--json", "--config", config.toString()));
      assertThat(verdicts.code()).as(verdicts.err()).isZero();
      for (String line : verdicts.out().lines().filter(l -> l.startsWith("{")).toList()) {
        JsonNode json = AvroJson.MAPPER.readTree(line);
        VideoVerdict verdict = AvroJson.fromJson(json, VideoVerdict.class);
        if (verdict.getVideoId().equals(videoId)) {
          found.add(verdict);
        }
      }
    }
    return found;
  }

  private static CliRun record(List<CliRun> runs, CliRun run) {
    runs.add(run);
    return run;
  }
}
