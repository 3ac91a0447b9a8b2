package io.fakewatch.bench;

import io.fakewatch.app.PipelineSession;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.serde.VideoRequests;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pipeline lines of the benchmark: videos/s and per-video latency through the embedded broker with
 * all four stages in one process, against (a) the slowest stage's own rate and (b) the same stage code
 * chained in-process without Kafka — both measured in the same run, on the same videos. With the temporal
 * path on (the default) both detectors run; {@link TemporalPipelineCost} adds what it costs each stage per video.
 */
public final class PipelineBenchmark {
  private final Map<String, String> settings;
  private final List<Path> videos;
  private final int repetitions;
  private final PrintStream log;

  public PipelineBenchmark(Map<String, String> settings, Path videosDir, int repetitions, PrintStream log) throws Exception {
    this(settings, videosDir, 0, repetitions, log);
  }

  /** @param maxVideos the first this many videos by name; 0 for all */
  public PipelineBenchmark(Map<String, String> settings, Path videosDir, int maxVideos, int repetitions, PrintStream log)
      throws Exception {
    this.settings = settings;
    try (Stream<Path> files = Files.list(videosDir)) {
      this.videos = files.filter(p -> p.toString().endsWith(".mp4")).sorted()
          .limit(maxVideos > 0 ? maxVideos : Long.MAX_VALUE).toList();
    }
    if (videos.isEmpty()) {
      throw new IllegalArgumentException("no .mp4 in " + videosDir);
    }
    this.repetitions = repetitions;
    this.log = log;
  }

  public List<BenchRow> run() throws Exception {
    List<Double> chainRates = new ArrayList<>();
    Map<String, List<Double>> stageMillis = new java.util.LinkedHashMap<>();
    List<Double> slowestStageRates = new ArrayList<>();
    String slowestStage = "";
    List<Double> kafkaRates = new ArrayList<>();
    List<Long> latencies = new ArrayList<>();
    List<Map<String, Long>> timings = new ArrayList<>();
    BenchRow ingestClips;
    try (PipelineSession session = PipelineSession.start(settings)) {
      FakeWatchConfig config = session.config();
      try (InProcessChain chain = new InProcessChain(config)) {
        chain.run(requests("warm-chain", videos.subList(0, 1)));
        for (int rep = 0; rep < repetitions; rep++) {
          Map<String, Double> millis = chain.run(requests("chain" + rep, videos));
          millis.forEach((stage, ms) -> stageMillis.computeIfAbsent(stage, k -> new ArrayList<>()).add(ms / videos.size()));
          double total = millis.values().stream().mapToDouble(Double::doubleValue).sum();
          chainRates.add(videos.size() / (total / 1000));
          Map.Entry<String, Double> slowest = millis.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
          slowestStage = slowest.getKey();
          slowestStageRates.add(videos.size() / (slowest.getValue() / 1000));
          log.printf("  in-process chain rep %d: %s ms per stage, %.3f videos/s%n", rep, round(millis), chainRates.get(rep));
        }
      }
      kafkaPass(session, "warm-kafka", videos.subList(0, 1), new ArrayList<>(), new ArrayList<>());
      for (int rep = 0; rep < repetitions; rep++) {
        double rate = kafkaPass(session, "kafka" + rep, videos, latencies, timings);
        kafkaRates.add(rate);
        log.printf("  kafka pipeline rep %d: %.3f videos/s%n", rep, rate);
      }
      // after the broker passes, so the decoding does not share the cores with them
      ingestClips = TemporalPipelineCost.ingestRow(IngestSettings.from(config), videos, repetitions, log);
    }
    BenchStats kafka = BenchStats.of(kafkaRates);
    BenchStats chain = BenchStats.of(chainRates);
    BenchStats slowest = BenchStats.of(slowestStageRates);
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    List<BenchRow> rows = new ArrayList<>();
    rows.add(new BenchRow("pipeline.videos_per_s", kafka.median(), "videos/s", slowest.median(),
        "limit: slowest stage (" + slowestStage + ") alone; " + kafka.spread()));
    rows.add(new BenchRow("pipeline.latency_p50_ms", percentile(sorted, 0.50), "ms", 0, videos.size() + " videos submitted at once"));
    rows.add(new BenchRow("pipeline.latency_p95_ms", percentile(sorted, 0.95), "ms", 0, ""));
    rows.add(new BenchRow("pipeline.latency_max_ms", sorted.length == 0 ? 0 : sorted[sorted.length - 1], "ms", 0, ""));
    rows.add(new BenchRow("kafka.videos_per_s", kafka.median(), "videos/s", chain.median(),
        "limit: same stage code chained in-process without Kafka; " + chain.spread()));
    stageMillis.forEach((stage, perVideo) -> {
      BenchStats stats = BenchStats.of(perVideo);
      rows.add(new BenchRow(StageSplitChart.STAGE_ROW_PREFIX + stage, stats.median(), "ms", 0,
          "the stage alone, in the in-process chain; " + stats.spread()));
    });
    rows.add(new BenchRow("kafka.overhead_pct", 100 * (1 - kafka.median() / chain.median()), "%", 0,
        "negative: the broker lets stages overlap, the in-process chain runs them one after another"));
    rows.add(ingestClips);
    rows.addAll(TemporalPipelineCost.stageRows(timings));
    return rows;
  }

  private double kafkaPass(PipelineSession session, String tag, List<Path> batch, List<Long> latencies,
      List<Map<String, Long>> timings) throws Exception {
    List<String> ids = new ArrayList<>();
    long start = System.nanoTime();
    for (Path video : batch) {
      ids.add(session.submit(tag + "-" + video.getFileName(), video.toUri().toString()).getVideoId());
    }
    Map<String, List<VideoVerdict>> verdicts = session.awaitVerdicts(ids, Duration.ofMinutes(20), (id, v) -> { });
    double seconds = (System.nanoTime() - start) / 1e9 - 1.0; // awaitVerdicts settles 1 s for duplicates
    if (!verdicts.keySet().containsAll(ids)) {
      throw new IllegalStateException(tag + ": only " + verdicts.size() + " of " + ids.size() + " verdicts arrived");
    }
    // this pass's verdicts only: the reader may also return earlier passes' verdicts from the topic
    for (String id : ids) {
      Map<String, Long> timing = verdicts.get(id).get(0).getTimings();
      latencies.add(timing.getOrDefault("total", 0L));
      timings.add(Map.copyOf(timing));
    }
    return batch.size() / seconds;
  }

  private List<VideoRequest> requests(String tag, List<Path> batch) {
    return batch.stream().map(v -> VideoRequests.of(tag + "-" + v.getFileName(), v.toUri().toString(), Instant.now())).toList();
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  }

  private static String round(Map<String, Double> millis) {
    return Arrays.toString(millis.entrySet().stream().map(e -> e.getKey() + "=" + Math.round(e.getValue())).toArray());
  }
}
