package io.fakewatch.score;

import static io.fakewatch.score.ScoreTopologyTest.crops;
import static io.fakewatch.score.ScoreTopologyTest.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.CropScore;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.ScorePending;
import io.fakewatch.events.ScoredCrop;
import io.fakewatch.events.Status;
import io.fakewatch.kafka.Topics;
import io.fakewatch.metrics.FakeWatchMetrics;
import io.fakewatch.models.ModelManifest;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.serde.EventSerde;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batching across records: crops of several FaceCrops records (two videos) are gathered in the changelogged
 * store and classified as one batch — flushed by size on arrival, by time from the wall-clock punctuator —
 * and every output is the record the per-record path gives. A crash between gather and flush: the
 * changelog holds the gathered records, and a task restored from it scores each crop exactly once.
 */
class ScoreBatchingTest {
  private static final String APP = "score-batching-test";
  private static final Instant START = Instant.parse("2026-12-02T00:00:00Z");
  private static final FakeWatchConfig CONFIG = FakeWatchConfig.defaults();
  private static final Topics TOPICS = new Topics(CONFIG);
  private static OnnxCropClassifier classifier;
  private static byte[][] faces;

  @TempDir Path stateDir;

  @BeforeAll
  static void openClassifier(@TempDir Path cache) throws Exception {
    ModelStore store = new ModelStore(ModelManifest.load(null), cache, SharedData.modelMirror());
    classifier = ScoreStage.open(ScoreSettings.from(CONFIG), store, new OnnxSettings("cpu", 0, 1, "run", "all"));
    faces = new byte[][] {image("mesonet_df00204.jpg"), image("mesonet_real00240.jpg"), image("mesonet_df01254.jpg"),
        image("mesonet_real00772.jpg")};
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  /** Four crops a batch, a 100 ms linger. */
  private TopologyTestDriver driver(FakeWatchMetrics metrics) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return new TopologyTestDriver(ScoreTopology.build(TOPICS, classifier, null, new CropBatching(4, 100), metrics), props, START);
  }

  private static TestInputTopic<String, SpecificRecord> input(TopologyTestDriver driver) {
    return driver.createInputTopic(TOPICS.crops.name(), TOPICS.crops.keySerde().serializer(),
        TOPICS.crops.valueSerde().serializer(), START, Duration.ZERO);
  }

  private static TestOutputTopic<String, SpecificRecord> scores(TopologyTestDriver driver) {
    return driver.createOutputTopic(TOPICS.scores.name(), TOPICS.scores.keySerde().deserializer(),
        TOPICS.scores.valueSerde().deserializer());
  }

  /** What today's per-record path gives for the record. */
  private static CropScore alone(FaceCrops record) {
    return new CropBatchScorer(classifier, FakeWatchMetrics.isolated(), 4096)
        .score(List.of(CropBatchScorer.Gathered.onArrival(record))).get(0).score();
  }

  private static void assertSameAsAlone(SpecificRecord actual, FaceCrops record) {
    CropScore expected = alone(record);
    CropScore got = (CropScore) actual;
    assertThat(got.getVideoId()).isEqualTo(expected.getVideoId());
    assertThat(got.getBatchIndex()).isEqualTo(expected.getBatchIndex());
    assertThat(got.getScores()).hasSameSizeAs(expected.getScores());
    for (int i = 0; i < expected.getScores().size(); i++) {
      ScoredCrop e = expected.getScores().get(i);
      ScoredCrop g = got.getScores().get(i);
      assertThat(g.getFrameIndex()).isEqualTo(e.getFrameIndex());
      assertThat(g.getTrackId()).isEqualTo(e.getTrackId());
      assertThat(g.getFakeLogit()).isCloseTo(e.getFakeLogit(), within(1e-4f));
    }
    assertThat(got.getTimings()).containsKeys("ingest", "detect", "score", "score.queue");
  }

  /**
   * The stage as {@code run} builds it: on CPU no inference run exceeds {@code score.batch.max.cpu} (4 by
   * default) whatever {@code score.batch.max} says; raised to 32, the same 20-crop record is one run.
   */
  @Test
  void onCpuTheStageRunsAtMostScoreBatchMaxCpuCropsAtOnce(@TempDir Path cache) throws Exception {
    assertThat(runsOfATwentyCropRecord(cache, java.util.Map.of())).containsExactly(4.0, 5L);
    assertThat(runsOfATwentyCropRecord(cache, java.util.Map.of(CropBatching.MAX_CPU, "32"))).containsExactly(20.0, 1L);
    assertThat(CropBatching.from(CONFIG, "cuda").maxCrops()).as("a GPU keeps score.batch.max").isEqualTo(32);
    assertThat(CropBatching.from(FakeWatchConfig.of(java.util.Map.of(CropBatching.MAX, "4")), "cpu").maxCrops())
        .as("the smaller of the two").isEqualTo(4);
  }

  /** Largest inference run and number of runs for one record of 20 crops through ScoreStage's plan. */
  private List<Object> runsOfATwentyCropRecord(Path cache, java.util.Map<String, String> extra) throws Exception {
    java.util.Map<String, String> settings = new java.util.HashMap<>(java.util.Map.of(
        io.fakewatch.config.ConfigKeys.MODELS_MIRROR, SharedData.modelMirror().toString(),
        io.fakewatch.config.ConfigKeys.MODELS_CACHE_DIR, cache.toString(),
        OnnxSettings.PROVIDER, "cpu", OnnxSettings.INTRA_OP_THREADS, "1",
        io.fakewatch.temporal.TemporalSettings.ENABLED, "false", CropBatching.LINGER_MS, "0"));
    settings.putAll(extra);
    FakeWatchConfig config = FakeWatchConfig.of(settings);
    FakeWatchMetrics metrics = FakeWatchMetrics.isolated();
    byte[][] twenty = new byte[20][];
    for (int i = 0; i < twenty.length; i++) {
      twenty[i] = faces[i % faces.length];
    }
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP + "-stage");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (io.fakewatch.app.StagePlan plan = new ScoreStage().plan(config, new Topics(config), metrics);
         TopologyTestDriver driver = new TopologyTestDriver(plan.topology(), props, START)) {
      input(driver).pipeInput("a", crops("a", 0, twenty));
      assertThat(scores(driver).readValue()).isInstanceOf(CropScore.class);
    }
    var sizes = metrics.registry().find(FakeWatchMetrics.BATCH_SIZE).summary();
    return List.of(sizes.max(), sizes.count());
  }

  @Test
  void fullBatchesFlushOnArrivalAcrossTwoVideos() {
    FakeWatchMetrics metrics = FakeWatchMetrics.isolated();
    try (TopologyTestDriver driver = driver(metrics)) {
      TestInputTopic<String, SpecificRecord> in = input(driver);
      TestOutputTopic<String, SpecificRecord> out = scores(driver);
      FaceCrops a0 = crops("a", 0, faces[0], faces[1]);
      FaceCrops b0 = crops("b", 0, faces[2]);
      FaceCrops a1 = crops("a", 1, faces[3]);
      FaceCrops b1 = crops("b", 1, faces[0], faces[2]);
      in.pipeInput("a", a0);
      in.pipeInput("b", b0);
      assertThat(out.isEmpty()).as("3 of 4 crops gathered: nothing scored yet").isTrue();
      in.pipeInput("a", a1);
      List<KeyValue<String, SpecificRecord>> first = out.readKeyValuesToList();
      assertThat(first).extracting(kv -> kv.key).containsExactly("a", "b", "a");
      assertSameAsAlone(first.get(0).value, a0);
      assertSameAsAlone(first.get(1).value, b0);
      assertSameAsAlone(first.get(2).value, a1);
      // 4 pending + 2 would overflow: b1 waits alone for the next batch
      in.pipeInput("b", b1);
      assertThat(out.isEmpty()).isTrue();
      driver.advanceWallClockTime(Duration.ofMillis(100));
      assertSameAsAlone(out.readValue(), b1);
    }
    assertThat(metrics.registry().find(FakeWatchMetrics.BATCH_SIZE).summary().count()).isEqualTo(2);
    assertThat(metrics.registry().find(FakeWatchMetrics.BATCH_SIZE).summary().max()).isEqualTo(4);
    assertThat(metrics.registry().find(FakeWatchMetrics.QUEUE_TIME).timer().count()).isEqualTo(4);
    assertThat(metrics.registry().find(FakeWatchMetrics.INFERENCE_LATENCY).timer().count()).isEqualTo(2);
  }

  @Test
  void aPartBatchFlushesWhenItsOldestCropHasLingeredAndTheManifestStaysLast() {
    FakeWatchMetrics metrics = FakeWatchMetrics.isolated();
    try (TopologyTestDriver driver = driver(metrics)) {
      TestInputTopic<String, SpecificRecord> in = input(driver);
      TestOutputTopic<String, SpecificRecord> out = scores(driver);
      FaceCrops a0 = crops("a", 0, faces[0]);
      in.pipeInput("a", a0);
      CropManifest manifest = CropManifest.newBuilder().setVideoId("a").setUri("file:///a").setRequestedAt(START)
          .setStatus(Status.OK).setCropRecords(1).setTotalCrops(1).build();
      in.pipeInput("a", manifest);
      driver.advanceWallClockTime(Duration.ofMillis(60));
      assertThat(out.isEmpty()).as("lingered 60 of 100 ms").isTrue();
      driver.advanceWallClockTime(Duration.ofMillis(50));
      List<SpecificRecord> values = out.readValuesToList();
      assertThat(values).hasSize(2);
      assertSameAsAlone(values.get(0), a0);
      assertThat(((CropScore) values.get(0)).getTimings().get("score.queue")).isBetween(100L, 110L);
      assertThat(values.get(1)).as("the manifest waited behind its crops").isEqualTo(manifest);
      // nothing pending: a manifest now passes straight through
      in.pipeInput("b", CropManifest.newBuilder(manifest).setVideoId("b").build());
      assertThat(out.readValuesToList()).hasSize(1);
    }
    assertThat(metrics.registry().find(FakeWatchMetrics.QUEUE_TIME).timer().max(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isBetween(100.0, 110.0);
  }

  @Test
  void aCrashBetweenGatherAndFlushLosesAndDuplicatesNothing() {
    FaceCrops a0 = crops("a", 0, faces[0], faces[1]);
    FaceCrops b0 = crops("b", 0, faces[2]);
    List<KeyValue<Long, ScorePending>> changelog;
    try (TopologyTestDriver driver = driver(FakeWatchMetrics.isolated())) {
      TestInputTopic<String, SpecificRecord> in = input(driver);
      in.pipeInput("a", a0);
      in.pipeInput("b", b0);
      assertThat(scores(driver).isEmpty()).isTrue();
      // what the committed transaction left in the store's changelog: the two gathered records
      changelog = driver.createOutputTopic(APP + "-" + ScoreTopology.PENDING_STORE + "-changelog", new LongDeserializer(),
          EventSerde.of(ScorePending.class).deserializer()).readKeyValuesToList();
      assertThat(changelog).hasSize(2);
    } // the crash: the task dies with both records gathered and none scored

    // a new instance restores the store from the changelog and runs the task
    MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    KeyValueStore<Long, ScorePending> store = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(ScoreTopology.PENDING_STORE), Serdes.Long(), EventSerde.of(ScorePending.class))
        .withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    changelog.forEach(kv -> store.put(kv.key, kv.value));
    ScoreProcessor processor = new ScoreProcessor(classifier, null, new CropBatching(4, 100), FakeWatchMetrics.isolated(),
        TOPICS.crops);
    processor.init(context);
    assertThat(context.forwarded()).isEmpty();
    MockProcessorContext.CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);
    long later = START.toEpochMilli() + 5_000;
    context.setCurrentSystemTimeMs(later);
    punctuator.getPunctuator().punctuate(later);
    punctuator.getPunctuator().punctuate(later + 1_000);

    List<SpecificRecord> outputs = new ArrayList<>();
    context.forwarded().forEach(f -> outputs.add((SpecificRecord) f.record().value()));
    assertThat(outputs).as("each gathered record scored once, after the restart").hasSize(2);
    assertSameAsAlone(outputs.get(0), a0);
    assertSameAsAlone(outputs.get(1), b0);
    assertThat(store.approximateNumEntries()).as("flushed records leave the store").isZero();
  }
}
