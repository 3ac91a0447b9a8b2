package io.fakewatch.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.api.ApiSettings;
import io.fakewatch.detect.DetectSettings;
import io.fakewatch.evidence.EvidenceSettings;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.metrics.MetricsSettings;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.score.ScoreSettings;
import io.fakewatch.temporal.TemporalSettings;
import io.fakewatch.verdict.VerdictSettings;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** The keys shared by every stage; each stage adds its own through its {@code *Settings.define}. */
public final class ConfigKeys {
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String APPLICATION_ID_PREFIX = "application.id.prefix";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
  public static final String STREAM_THREADS = "stream.threads";
  /** {@code <stage>.stream.threads}: one stage's stream threads in this process, 0 for {@link #STREAM_THREADS}. */
  public static final String STAGE_STREAM_THREADS_SUFFIX = ".stream.threads";
  private static final java.util.List<String> STAGES = java.util.List.of("ingest", "detect", "score", "verdict");
  public static final String STATE_DIR = "state.dir";
  public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
  public static final String SCHEMA_DIR = "serde.schema.dir";

  public static final String TOPIC_REQUESTS = "topics.requests";
  public static final String TOPIC_FRAMES = "topics.frames";
  public static final String TOPIC_CROPS = "topics.crops";
  public static final String TOPIC_SCORES = "topics.scores";
  public static final String TOPIC_VERDICTS = "topics.verdicts";
  public static final String TOPIC_DEAD_LETTERS = "topics.dead-letters";
  public static final String TOPIC_PARTITIONS = "topics.partitions";
  public static final String TOPIC_REPLICATION = "topics.replication.factor";
  public static final String TOPIC_RETENTION_MS = "topics.retention.ms";
  public static final String FRAMES_MAX_MESSAGE_BYTES = "topics.frames.max.message.bytes";
  public static final String CROPS_MAX_MESSAGE_BYTES = "topics.crops.max.message.bytes";

  public static final String VERDICTS_FORMAT = "verdicts.format";

  public static final String MODELS_MANIFEST = "models.manifest";
  public static final String MODELS_CACHE_DIR = "models.cache.dir";
  public static final String MODELS_MIRROR = "models.mirror";
  public static final String MODELS_ALLOW_BENCHMARK = "models.allow.benchmark";

  private ConfigKeys() {}

  /** The stream threads {@code stage} runs with in this process: its own key, else {@link #STREAM_THREADS}. */
  public static int streamThreads(FakeWatchConfig config, String stage) {
    int own = STAGES.contains(stage) ? config.getInt(stage + STAGE_STREAM_THREADS_SUFFIX) : 0;
    return own > 0 ? own : config.getInt(STREAM_THREADS);
  }

  static ConfigDef define() {
    ConfigDef def = new ConfigDef()
        .define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", HIGH, "Kafka bootstrap servers, host:port[,host:port]")
        .define(APPLICATION_ID_PREFIX, Type.STRING, "fakewatch", new ConfigDef.NonEmptyString(), HIGH,
            "Prefix of each stage's Kafka Streams application.id: <prefix>-ingest, <prefix>-detect, …")
        .define(PROCESSING_GUARANTEE, Type.STRING, "exactly_once_v2", ValidString.in("exactly_once_v2", "at_least_once"),
            HIGH, "Kafka Streams processing.guarantee of every stage; read verdicts with isolation.level=read_committed")
        .define(STREAM_THREADS, Type.INT, 1, Range.between(1, 64), MEDIUM, "Stream threads per stage in this process")
        .define(STATE_DIR, Type.STRING, System.getProperty("java.io.tmpdir") + "/fakewatch-state", MEDIUM,
            "Kafka Streams state directory (RocksDB stores and checkpoints)")
        .define(COMMIT_INTERVAL_MS, Type.LONG, 200L, Range.atLeast(10), LOW,
            "Kafka Streams commit interval; with exactly-once it bounds the latency a downstream reader sees")
        .define(SCHEMA_DIR, Type.STRING, "", LOW,
            "Directory of extra .avsc files (newer writers' schemas) the serde may meet; empty for none")
        .define(TOPIC_REQUESTS, Type.STRING, "video-requests", new ConfigDef.NonEmptyString(), MEDIUM, "Requests topic")
        .define(TOPIC_FRAMES, Type.STRING, "video-frames", new ConfigDef.NonEmptyString(), MEDIUM, "Frame batches topic")
        .define(TOPIC_CROPS, Type.STRING, "face-crops", new ConfigDef.NonEmptyString(), MEDIUM, "Face crops topic")
        .define(TOPIC_SCORES, Type.STRING, "crop-scores", new ConfigDef.NonEmptyString(), MEDIUM, "Crop scores topic")
        .define(TOPIC_VERDICTS, Type.STRING, "video-verdicts", new ConfigDef.NonEmptyString(), MEDIUM, "Verdicts topic")
        .define(TOPIC_DEAD_LETTERS, Type.STRING, "dead-letters", new ConfigDef.NonEmptyString(), MEDIUM, "Dead letters topic")
        .define(TOPIC_PARTITIONS, Type.INT, 4, Range.between(1, 10_000), MEDIUM,
            "Partitions of each topic the provisioner creates: the most instances a stage can scale to")
        .define(TOPIC_REPLICATION, Type.SHORT, (short) 1, Range.between(1, 16), MEDIUM,
            "Replication factor of provisioned topics (3 in production)")
        .define(TOPIC_RETENTION_MS, Type.LONG, 7L * 24 * 3600 * 1000, Range.atLeast(60_000), LOW,
            "Retention of provisioned topics")
        .define(FRAMES_MAX_MESSAGE_BYTES, Type.INT, 16 * 1024 * 1024, Range.atLeast(1024 * 1024), MEDIUM,
            "max.message.bytes of the frames topic; ingest keeps every frame batch under it")
        .define(CROPS_MAX_MESSAGE_BYTES, Type.INT, 8 * 1024 * 1024, Range.atLeast(1024 * 1024), MEDIUM,
            "max.message.bytes of the crops topic")
        .define(VERDICTS_FORMAT, Type.STRING, "avro", ValidString.in("avro", "json"), MEDIUM,
            "Encoding of records on the verdicts topic")
        .define(MODELS_MANIFEST, Type.STRING, "", LOW,
            "Model manifest (JSON); empty for the one shipped in the jar (models/models.json)")
        .define(MODELS_CACHE_DIR, Type.STRING, System.getProperty("user.home") + "/.cache/fakewatch/models", MEDIUM,
            "Where fetched, verified models live")
        .define(MODELS_MIRROR, Type.STRING, "", MEDIUM,
            "A local directory to fetch models from instead of the network (searched by file name, sha256 verified)")
        .define(MODELS_ALLOW_BENCHMARK, Type.BOOLEAN, false, LOW,
            "Let stages load benchmark-only models (random weights, meaningless scores; `bench` sets it; the CLI's "
                + "--allow-benchmark-models)");
    for (String stage : STAGES) {
      def.define(stage + STAGE_STREAM_THREADS_SUFFIX, Type.INT, 0, Range.between(0, 64), MEDIUM,
          "Stream threads of the " + stage + " stage in this process; 0 takes " + STREAM_THREADS + " (ops/capacity.md)");
    }
    OnnxSettings.define(def);
    IngestSettings.define(def);
    DetectSettings.define(def);
    ScoreSettings.define(def);
    TemporalSettings.define(def);
    io.fakewatch.temporal.LandmarkSettings.define(def);
    VerdictSettings.define(def);
    MetricsSettings.define(def);
    EvidenceSettings.define(def);
    ApiSettings.define(def);
    return def;
  }
}
