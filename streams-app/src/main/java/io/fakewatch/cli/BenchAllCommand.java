package io.fakewatch.cli;

import io.fakewatch.bench.BenchRow;
import io.fakewatch.bench.StageSplitChart;
import io.fakewatch.bench.MemoryBenchmark;
import io.fakewatch.bench.PipelineBenchmark;
import io.fakewatch.ingest.IngestSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "all", mixinStandardHelpOptions = true,
    description = "Every line: decode, detect, score, temporal, pipeline, kafka, memory — one table, one JSON file — then "
        + "the score and pipeline lines again with a DFDC-sized classifier (rows prefixed large.).")
final class BenchAllCommand implements Callable<Integer> {
  @Mixin BenchOptions bench;
  @Mixin PipelineOptions pipeline;

  @Option(names = "--crops", defaultValue = "../shared/data/images", description = "Directory with mesonet_*.jpg face crops")
  Path crops;

  @Option(names = "--chart", paramLabel = "FILE", description = "Write an SVG chart of the per-stage time split")
  Path chart;

  @Option(names = "--large-classifier", paramLabel = "NAME", defaultValue = "efficientnet_b4_random",
      description = "Classifier of the large. rows (default ${DEFAULT-VALUE}); none skips them")
  String largeClassifier;

  @Option(names = "--large-videos", paramLabel = "N", defaultValue = "2",
      description = "Videos of the large pipeline line, one repetition (default ${DEFAULT-VALUE}: B4 costs ~8 s a video here)")
  int largeVideos;

  @Override
  public Integer call() throws Exception {
    var settings = pipeline.benchSettings(bench.videos, null);
    var config = StageBenchmarks.config(bench.videos, settings);
    List<BenchRow> rows = new ArrayList<>();
    rows.addAll(StageBenchmarks.decode(config, bench.videos, bench.repetitions, System.out));
    rows.addAll(StageBenchmarks.detect(config, bench.videos, 4, bench.repetitions, System.out));
    rows.addAll(StageBenchmarks.score(config, crops, bench.repetitions, List.of(1, 8, 32), System.out));
    if (IngestSettings.from(config).clipsPerVideo() > 0) {
      rows.addAll(StageBenchmarks.temporal(config, bench.videos, 4, bench.repetitions, System.out));
    } else {
      System.out.println("  temporal: skipped (" + IngestSettings.CLIPS_PER_VIDEO + "=0)");
    }
    rows.addAll(new PipelineBenchmark(settings, bench.videos, bench.repetitions, System.out).run());
    rows.addAll(MemoryBenchmark.run(jar(), bench.videos, pipeline.demoArgs(), System.out));
    if (!"none".equals(largeClassifier)) {
      rows.addAll(large());
    }
    bench.report(rows);
    if (chart != null && StageSplitChart.write(rows, chart)) {
      System.out.println("chart: " + chart);
    }
    return 0;
  }

  private static Path jar() throws Exception {
    return Path.of(BenchAllCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /**
   * The large classifier's part, kept short: batch 8 only, one repetition, {@code --large-videos} videos; and
   * the demo's memory with it on all the videos (the target is on the 14).
   */
  private List<BenchRow> large() throws Exception {
    var settings = pipeline.benchSettings(bench.videos, largeClassifier);
    List<BenchRow> rows = new ArrayList<>(StageBenchmarks.score(StageBenchmarks.config(bench.videos, settings), crops, 1,
        List.of(8), System.out));
    rows.addAll(new PipelineBenchmark(settings, bench.videos, largeVideos, 1, System.out).run());
    rows.addAll(MemoryBenchmark.run(jar(), bench.videos, pipeline.demoArgs(), largeClassifier, System.out));
    return rows.stream().map(r -> new BenchRow("large." + r.name(), r.value(), r.unit(), r.limit(),
        largeClassifier + "; " + r.note())).toList();
  }
}
