package io.fakewatch.metrics;

import io.fakewatch.events.Label;
import io.fakewatch.events.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * Every FakeWatch meter, by constant name, and the one way to record each. Stages call
 * {@code FakeWatchMetrics.global()}; meters sit in Micrometer's global registry, which feeds the Prometheus
 * registry that {@code /metrics} serves, beside the Kafka Streams client metrics of every stage.
 *
 * <p>Micrometer names are dotted; Prometheus shows them with underscores, counters with {@code _total} and
 * timers in seconds ({@code _seconds_bucket}, {@code _seconds_count}, …). The {@code PROM_*} constants are
 * the series names that the Grafana dashboard and the alert rules query; a test checks each one exists.
 */
public final class FakeWatchMetrics {
  // ---- meter names (Micrometer) ----
  /** Counter{stage}: records a stage took in (ingest: video requests). */
  public static final String REQUESTS = "fakewatch.requests";
  /** Counter{label,status}: verdicts published. */
  public static final String VERDICTS = "fakewatch.verdicts";
  /** Timer{status}, histogram: from the request's timestamp to its verdict. */
  public static final String VERDICT_LATENCY = "fakewatch.verdict.latency";
  /** Timer{stage}, histogram: time one stage spent on one input record. */
  public static final String STAGE_LATENCY = "fakewatch.stage.latency";
  /** Counter: frames decoded by ingest; {@code rate()} of it is decode frames/s. */
  public static final String DECODED_FRAMES = "fakewatch.decode.frames";
  /** Summary{role,model}, histogram: images per inference call (role = face-detector | classifier). */
  public static final String BATCH_SIZE = "fakewatch.inference.batch.size";
  /** Timer{role,model,provider}, histogram: one ONNX Runtime inference call. */
  public static final String INFERENCE_LATENCY = "fakewatch.inference.latency";
  /** Timer{role,model}, histogram: how long a record waited in a batching store before its batch ran. */
  public static final String QUEUE_TIME = "fakewatch.inference.queue.time";
  /** Gauge{role,model,provider}: 1 for the execution provider (cpu | cuda) each loaded model runs on. */
  public static final String PROVIDER = "fakewatch.onnx.provider";
  /** Counter{stage,reason}: records sent to the dead-letter topic. */
  public static final String DEAD_LETTERS = "fakewatch.dead.letters";
  /** Gauge{stage}: 1 while the stage's KafkaStreams is RUNNING or REBALANCING, else 0. */
  public static final String STAGE_UP = "fakewatch.stage.up";

  // ---- tag keys ----
  public static final String TAG_STAGE = "stage";
  public static final String TAG_LABEL = "label";
  public static final String TAG_STATUS = "status";
  public static final String TAG_ROLE = "role";
  public static final String TAG_MODEL = "model";
  public static final String TAG_PROVIDER = "provider";
  public static final String TAG_REASON = "reason";

  // ---- Prometheus series the dashboard and alerts query ----
  public static final String PROM_REQUESTS = "fakewatch_requests_total";
  public static final String PROM_VERDICTS = "fakewatch_verdicts_total";
  public static final String PROM_VERDICT_LATENCY_BUCKET = "fakewatch_verdict_latency_seconds_bucket";
  public static final String PROM_STAGE_LATENCY_BUCKET = "fakewatch_stage_latency_seconds_bucket";
  public static final String PROM_DECODED_FRAMES = "fakewatch_decode_frames_total";
  public static final String PROM_BATCH_SIZE_BUCKET = "fakewatch_inference_batch_size_bucket";
  public static final String PROM_INFERENCE_LATENCY_BUCKET = "fakewatch_inference_latency_seconds_bucket";
  public static final String PROM_QUEUE_TIME_BUCKET = "fakewatch_inference_queue_time_seconds_bucket";
  public static final String PROM_PROVIDER = "fakewatch_onnx_provider";
  public static final String PROM_DEAD_LETTERS = "fakewatch_dead_letters_total";
  public static final String PROM_STAGE_UP = "fakewatch_stage_up";
  /**
   * TIMEOUT verdicts: the verdict stage counts them in its Kafka Streams sensor {@code timeouts-total}
   * (group {@code fakewatch-verdict}), which the Kafka Streams binder exports under this name.
   */
  public static final String PROM_TIMEOUTS = "kafka_fakewatch_verdict_timeouts_total";
  /** Scores that arrived after their video's verdict (the verdict stage's {@code late-scores-total}). */
  public static final String PROM_LATE_SCORES = "kafka_fakewatch_verdict_late_scores_total";
  /** Consumer lag per partition of every stage's main consumer, from the Kafka client metrics. */
  public static final String PROM_RECORDS_LAG = "kafka_consumer_fetch_manager_records_lag";

  // Fixed, readable histogram buckets instead of Micrometer's ~70 generated ones per series: the alert
  // thresholds (120 s verdict p95) sit on a bucket edge, and cardinality stays small.
  private static final Duration[] VERDICT_BUCKETS = seconds(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800);
  private static final Duration[] STAGE_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300);
  private static final Duration[] INFERENCE_BUCKETS = seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10);
  private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;

  public FakeWatchMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
    this.registry = Objects.requireNonNull(registry);
    this.prometheus = Objects.requireNonNull(prometheus);
  }

  /** The process-wide instance: Micrometer's global registry with a Prometheus registry and JVM meters. */
  public static FakeWatchMetrics global() {
    return Global.INSTANCE;
  }

  /** A private registry, for tests that must not see other tests' meters. */
  public static FakeWatchMetrics isolated() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new FakeWatchMetrics(prometheus, prometheus);
  }

  /** Where meters are registered; bind other Micrometer binders here. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter of the process in the Prometheus text format. */
  public String scrape() {
    return prometheus.scrape();
  }

  public void requestIn(String stage) {
    Counter.builder(REQUESTS).description("Records a stage took in").tag(TAG_STAGE, stage)
        .register(registry).increment();
  }

  /** One published verdict; {@code sinceRequest} is from the request's timestamp to now. */
  public void verdict(Label label, Status status, Duration sinceRequest) {
    Counter.builder(VERDICTS).description("Verdicts published")
        .tag(TAG_LABEL, label.name()).tag(TAG_STATUS, status.name())
        .register(registry).increment();
    Timer.builder(VERDICT_LATENCY).description("From a video's request to its verdict")
        .tag(TAG_STATUS, status.name())
        .serviceLevelObjectives(VERDICT_BUCKETS)
        .register(registry).record(sinceRequest);
  }

  public void stageLatency(String stage, Duration spent) {
    Timer.builder(STAGE_LATENCY).description("Time a stage spent on one input record")
        .tag(TAG_STAGE, stage)
        .serviceLevelObjectives(STAGE_BUCKETS)
        .register(registry).record(spent);
  }

  public void framesDecoded(int frames) {
    Counter.builder(DECODED_FRAMES).description("Frames decoded by ingest").register(registry).increment(frames);
  }

  /** One inference call: {@code role} is the manifest role (face-detector, classifier), model its id. */
  public void inference(String role, String model, String provider, int batchSize, Duration latency) {
    DistributionSummary.builder(BATCH_SIZE).description("Images per inference call")
        .tag(TAG_ROLE, role).tag(TAG_MODEL, model)
        .serviceLevelObjectives(BATCH_BUCKETS)
        .register(registry).record(batchSize);
    Timer.builder(INFERENCE_LATENCY).description("One ONNX Runtime inference call")
        .tag(TAG_ROLE, role).tag(TAG_MODEL, model).tag(TAG_PROVIDER, provider)
        .serviceLevelObjectives(INFERENCE_BUCKETS)
        .register(registry).record(latency);
  }

  /** A record gathered for a cross-record batch waited {@code waited} before the batch ran. */
  public void queueTime(String role, String model, Duration waited) {
    Timer.builder(QUEUE_TIME).description("Time a record waited in a batching store before its batch ran")
        .tag(TAG_ROLE, role).tag(TAG_MODEL, model)
        .serviceLevelObjectives(INFERENCE_BUCKETS)
        .register(registry).record(waited);
  }

  /** Call once when a model's session opens: which execution provider it really got (cpu after a fallback). */
  public void providerInUse(String role, String model, String provider) {
    Gauge.builder(PROVIDER, () -> 1).description("1 for the execution provider a loaded model runs on")
        .tag(TAG_ROLE, role).tag(TAG_MODEL, model).tag(TAG_PROVIDER, provider)
        .strongReference(true)
        .register(registry);
  }

  public void deadLetter(String stage, String reason) {
    Counter.builder(DEAD_LETTERS).description("Records sent to the dead-letter topic")
        .tag(TAG_STAGE, stage).tag(TAG_REASON, reason)
        .register(registry).increment();
  }

  private static Duration[] seconds(double... values) {
    Duration[] durations = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
    }
    return durations;
  }

  /** Lazy, so that merely loading this class (e.g. for its constants) installs nothing. */
  private static final class Global {
    static final FakeWatchMetrics INSTANCE = create();

    @SuppressWarnings("resource") // the GC binder lives as long as the process
    private static FakeWatchMetrics create() {
      PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Metrics.addRegistry(prometheus);
      MeterRegistry global = Metrics.globalRegistry;
      new JvmMemoryMetrics().bindTo(global);
      new JvmGcMetrics().bindTo(global);
      new JvmThreadMetrics().bindTo(global);
      new ClassLoaderMetrics().bindTo(global);
      new ProcessorMetrics().bindTo(global);
      new UptimeMetrics().bindTo(global);
      return new FakeWatchMetrics(global, prometheus);
    }
  }
}
