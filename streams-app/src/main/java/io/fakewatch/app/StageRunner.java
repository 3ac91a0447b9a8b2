package io.fakewatch.app;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.Topics;
import io.fakewatch.metrics.ProcessMonitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stages in this process, one KafkaStreams instance (own application.id) per stage, so one process
 * can host any subset of the pipeline and every stage still scales on its own consumer group.
 */
public final class StageRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

  private final List<StagePlan> plans = new ArrayList<>();
  private final List<KafkaStreams> streams = new ArrayList<>();
  /** Why a stage stopped for good: a failure that a new stream thread would only repeat. */
  private final Map<String, Throwable> fatal = new ConcurrentHashMap<>();
  private final ProcessMonitor monitor;

  private StageRunner(ProcessMonitor monitor) {
    this.monitor = monitor;
  }

  /** Plans, starts and waits until every selected stage is RUNNING. */
  public static StageRunner start(FakeWatchConfig config, List<StageFactory> stages, Duration startTimeout)
      throws Exception {
    return start(config, stages, startTimeout, ProcessMonitor.forConfig(config));
  }

  /** As above, reporting to {@code monitor} (metrics and /health), which a metrics server may already serve. */
  public static StageRunner start(FakeWatchConfig config, List<StageFactory> stages, Duration startTimeout,
      ProcessMonitor monitor) throws Exception {
    return start(config, stages, startTimeout, monitor, Map.of());
  }

  /**
   * As above, with Kafka Streams properties for some stages only, by stage name: the verdict stage's
   * {@code application.server}, the endpoint its Interactive Queries are answered on.
   */
  public static StageRunner start(FakeWatchConfig config, List<StageFactory> stages, Duration startTimeout,
      ProcessMonitor monitor, Map<String, Map<String, Object>> stageProperties) throws Exception {
    StageRunner runner = new StageRunner(monitor);
    monitor.expect(stages.stream().map(StageFactory::name).toList());
    try {
      Topics topics = new Topics(config);
      for (StageFactory stage : stages) {
        StagePlan plan = stage.plan(config, topics, monitor.metrics());
        runner.plans.add(plan);
        StableProcessId.keep(plan.topology());
        LOG.info("stage {} topology:\n{}", stage.name(), plan.topology().describe());
        Properties props = new Properties();
        Map<String, Object> settings = KafkaClients.streams(config, stage.name());
        props.putAll(settings);
        props.putAll(stageProperties.getOrDefault(stage.name(), Map.of()));
        KafkaStreams kafkaStreams = new KafkaStreams(plan.topology(), props);
        kafkaStreams.setUncaughtExceptionHandler(exception -> runner.onThreadDeath(stage.name(), exception));
        runner.streams.add(kafkaStreams);
        monitor.attach(stage.name(), kafkaStreams);
        kafkaStreams.start();
      }
      runner.awaitRunning(startTimeout);
      monitor.bindKafkaMetrics();
      return runner;
    } catch (Exception | Error e) {
      runner.close();
      throw e;
    }
  }

  public List<KafkaStreams> streams() {
    return List.copyOf(streams);
  }

  /** The running KafkaStreams of one stage, if this runner runs it (the API queries the verdict stage's stores). */
  public java.util.Optional<KafkaStreams> streams(String stage) {
    for (int i = 0; i < plans.size(); i++) {
      if (plans.get(i).stage().equals(stage)) {
        return java.util.Optional.of(streams.get(i));
      }
    }
    return java.util.Optional.empty();
  }

  public ProcessMonitor monitor() {
    return monitor;
  }

  public boolean allRunning() {
    return streams.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING);
  }

  /**
   * A dead stream thread is replaced, unless Kafka refused the client's credentials or permissions: a new
   * thread would fail the same way at once, in a loop, so the stage stops (health DOWN) and says why.
   */
  private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onThreadDeath(String stage, Throwable exception) {
    Throwable refusal = credentialsRefusal(exception);
    if (refusal != null) {
      fatal.put(stage, refusal);
      LOG.error("stage {}: Kafka refused this client ({}: {}); stopping the stage: check the kafka.* security settings",
          stage, refusal.getClass().getSimpleName(), refusal.getMessage());
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    LOG.error("stage {}: stream thread died; replacing it", stage, exception);
    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** The authentication or authorization failure in {@code exception}'s causes, or null. */
  private static Throwable credentialsRefusal(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
        return t;
      }
    }
    return null;
  }

  private void awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!allRunning()) {
      for (int i = 0; i < streams.size(); i++) {
        KafkaStreams.State state = streams.get(i).state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
          String stage = plans.get(i).stage();
          Throwable cause = fatal.get(stage);
          throw new IllegalStateException("stage " + stage + " stopped (" + state + ")"
              + (cause == null ? "" : ": Kafka refused it: " + cause.getClass().getSimpleName() + ": " + cause.getMessage()),
              cause);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stages did not reach RUNNING within " + timeout + ": "
            + streams.stream().map(s -> s.state().toString()).toList());
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    for (KafkaStreams s : streams) {
      s.close(Duration.ofSeconds(30));
    }
    plans.forEach(StagePlan::close);
    monitor.close();
    streams.clear();
    plans.clear();
  }
}
