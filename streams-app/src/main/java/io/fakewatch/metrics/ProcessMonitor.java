package io.fakewatch.metrics;

import io.fakewatch.config.FakeWatchConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the KafkaStreams instances of one process: exports their client metrics (consumer lag included)
 * through Micrometer's Kafka Streams binder, keeps a {@code fakewatch.stage.up} gauge per stage, and
 * answers {@code /health}. StageRunner feeds it; the metrics server reads it.
 */
public final class ProcessMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessMonitor.class);

  private final FakeWatchMetrics metrics;
  private final Duration kafkaRefresh;
  private final Set<String> expected = new LinkedHashSet<>();
  private final Map<String, KafkaStreams> stages = new LinkedHashMap<>();
  private final List<AutoCloseable> bindings = new ArrayList<>();
  private ScheduledExecutorService scheduler;
  private boolean closed;

  public ProcessMonitor(FakeWatchMetrics metrics, Duration kafkaRefresh) {
    this.metrics = metrics;
    this.kafkaRefresh = kafkaRefresh;
  }

  /** The monitor a process uses: the global meters, the refresh interval from config. */
  public static ProcessMonitor forConfig(FakeWatchConfig config) {
    return new ProcessMonitor(FakeWatchMetrics.global(), MetricsSettings.from(config).kafkaRefresh());
  }

  /** The meters this monitor reports to: the registry the process serves, which stages record into too. */
  public FakeWatchMetrics metrics() {
    return metrics;
  }

  /** The stages about to start; health stays DOWN until each one is attached (its models loaded). */
  public synchronized void expect(List<String> stageNames) {
    expected.addAll(stageNames);
  }

  /** A stage whose plan (models) opened and whose KafkaStreams exists, started or not. */
  public synchronized void attach(String stage, KafkaStreams streams) {
    expected.add(stage);
    stages.put(stage, streams);
    bindings.add(registered(Gauge.builder(FakeWatchMetrics.STAGE_UP, streams, s -> healthy(s.state()) ? 1 : 0)
        .description("1 while the stage's Kafka Streams client is RUNNING or REBALANCING")
        .tag(FakeWatchMetrics.TAG_STAGE, stage)
        .register(metrics.registry())));
  }

  /**
   * Binds the Kafka Streams client metrics of every attached stage. Called once the stages are RUNNING:
   * task, consumer and custom sensors exist only after the first assignment; later ones (after a
   * rebalance) are picked up every {@code metrics.kafka.refresh.ms}.
   */
  public synchronized void bindKafkaMetrics() {
    if (closed) {
      return;
    }
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fakewatch-kafka-metrics");
        thread.setDaemon(true);
        return thread;
      });
    }
    for (Map.Entry<String, KafkaStreams> stage : stages.entrySet()) {
      KafkaStreamsMetrics binder = new KafkaStreamsMetrics(stage.getValue(),
          Tags.of(FakeWatchMetrics.TAG_STAGE, stage.getKey()), scheduler, kafkaRefresh);
      binder.bindTo(metrics.registry());
      bindings.add(binder);
    }
    LOG.info("exporting Kafka Streams metrics of {} (refreshed every {})", stages.keySet(), kafkaRefresh);
  }

  public synchronized Health health() {
    Map<String, String> states = new LinkedHashMap<>();
    stages.forEach((name, streams) -> states.put(name, streams.state().name()));
    List<String> loading = expected.stream().filter(s -> !stages.containsKey(s)).toList();
    String models = loading.isEmpty() && !expected.isEmpty() ? "loaded" : "loading";
    if (closed) {
      return new Health(false, "stopped", models, states);
    }
    if (expected.isEmpty()) {
      return new Health(false, "starting: no stage yet", models, states);
    }
    if (!loading.isEmpty()) {
      return new Health(false, "starting: " + loading + " opening models", models, states);
    }
    List<String> down = stages.entrySet().stream()
        .filter(e -> !healthy(e.getValue().state())).map(e -> e.getKey() + " is " + e.getValue().state()).toList();
    return down.isEmpty() ? new Health(true, "all stages running", models, states)
        : new Health(false, String.join(", ", down), models, states);
  }

  /** REBALANCING is healthy: it is how a stage scales; failing probes during it would make it worse. */
  static boolean healthy(KafkaStreams.State state) {
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  /** Unbinds this monitor's meters; health stays answerable and says DOWN (stopped). */
  @Override
  public synchronized void close() {
    closed = true;
    for (AutoCloseable binding : bindings) {
      try {
        binding.close();
      } catch (Exception e) {
        LOG.warn("unbinding metrics failed: {}", e.toString());
      }
    }
    bindings.clear();
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  private AutoCloseable registered(Gauge gauge) {
    return () -> metrics.registry().remove(gauge);
  }
}
