package io.fakewatch.app;

import io.fakewatch.api.ApiServer;
import io.fakewatch.config.ConfigKeys;
import io.fakewatch.console.ConsoleResources;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.kafka.EmbeddedKafkaBroker;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.kafka.TopicProvisioner;
import io.fakewatch.kafka.Topics;
import io.fakewatch.kafka.VerdictReader;
import io.fakewatch.metrics.FakeWatchMetrics;
import io.fakewatch.metrics.MetricsServer;
import io.fakewatch.metrics.MetricsSettings;
import io.fakewatch.metrics.ProcessMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process on an embedded broker: what {@code demo}, {@code evaluate} and the
 * pipeline benchmark run. Start, submit, collect verdicts, close.
 */
public final class PipelineSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineSession.class);

  private final EmbeddedKafkaBroker broker;
  private final FakeWatchConfig config;
  private final StageRunner stages;
  private final RequestPublisher publisher;
  private final Path stateDir;
  private final MetricsServer metrics;
  private final ApiServer api;

  private PipelineSession(EmbeddedKafkaBroker broker, FakeWatchConfig config, StageRunner stages, Path stateDir,
      MetricsServer metrics, ApiServer api) {
    this.broker = broker;
    this.config = config;
    this.stages = stages;
    this.publisher = new RequestPublisher(config);
    this.stateDir = stateDir;
    this.metrics = metrics;
    this.api = api;
  }

  /**
   * Starts a broker, provisions topics, opens every model (fetched from the mirror or the network) and
   * starts all four stages. {@code settings} are config values on top of the defaults.
   */
  public static PipelineSession start(Map<String, String> settings) throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
    try {
      Path stateDir = Files.createTempDirectory("fakewatch-demo-state-");
      Map<String, String> values = new HashMap<>(settings);
      values.put(ConfigKeys.BOOTSTRAP_SERVERS, broker.bootstrapServers());
      values.putIfAbsent(ConfigKeys.STATE_DIR, stateDir.toString());
      FakeWatchConfig config = FakeWatchConfig.of(values);
      TopicProvisioner.provision(KafkaClients.admin(config), new Topics(config).newTopics());
      List<StageFactory> all = StageRegistry.select("all");
      ProcessMonitor monitor = ProcessMonitor.forConfig(config);
      MetricsServer metrics = MetricsServer.startOrWarn(ApiServer.bindSettings(MetricsSettings.from(config), config),
          FakeWatchMetrics.global(), monitor::health, ConsoleResources::mount);
      ApiServer api = ApiServer.mount(metrics, config);
      try {
        StageRunner stages = StageRunner.start(config, all, Duration.ofMinutes(3), monitor, api.stageProperties());
        api.attach(stages);
        return new PipelineSession(broker, config, stages, stateDir, metrics, api);
      } catch (Exception | Error e) {
        api.close();
        metrics.close();
        throw e;
      }
    } catch (Exception | Error e) {
      broker.close();
      throw e;
    }
  }

  public FakeWatchConfig config() {
    return config;
  }

  public StageRunner stages() {
    return stages;
  }

  /** The /metrics and /health endpoint of this session (port -1 when disabled or its port was taken). */
  public MetricsServer metrics() {
    return metrics;
  }

  /** The web console's address ({@code http://127.0.0.1:PORT/console/}), or null when the server is off. */
  public String consoleUrl() {
    String base = metrics.baseUrl();
    return base == null ? null : base + ConsoleResources.PREFIX;
  }

  public VideoRequest submit(String videoId, String uri) throws Exception {
    return publisher.submit(videoId, uri);
  }

  /**
   * Reads committed verdicts until every id in {@code expected} has one (or the timeout passes). Returns
   * every verdict read, by videoId, duplicates included, so callers can check "exactly one".
   */
  public Map<String, List<VideoVerdict>> awaitVerdicts(List<String> expected, Duration timeout,
      BiConsumer<String, VideoVerdict> onVerdict) {
    Map<String, List<VideoVerdict>> byId = new LinkedHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (VerdictReader reader = new VerdictReader(config)) {
      while (System.nanoTime() < deadline && !byId.keySet().containsAll(expected)) {
        for (VideoVerdict verdict : reader.poll(Duration.ofMillis(250))) {
          byId.computeIfAbsent(verdict.getVideoId(), k -> new ArrayList<>()).add(verdict);
          onVerdict.accept(verdict.getVideoId(), verdict);
        }
      }
      // one more read: a duplicate would show up here
      long settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      while (System.nanoTime() < settle) {
        for (VideoVerdict verdict : reader.poll(Duration.ofMillis(200))) {
          byId.computeIfAbsent(verdict.getVideoId(), k -> new ArrayList<>()).add(verdict);
        }
      }
    }
    return byId;
  }

  @Override
  public void close() {
    publisher.close();
    api.close();
    stages.close();
    metrics.close();
    broker.close();
    try (var paths = Files.walk(stateDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      LOG.debug("state dir {} not removed: {}", stateDir, e.toString());
    }
  }
}
