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
    description = "Every line: decode, detect, score, temporal, pipeline, kafka, memory — one table, one JSON file.")
final class BenchAllCommand implements Callable<Integer> {
  @Mixin BenchOptions bench;
  @Mixin PipelineOptions pipeline;

  @Option(names = "--crops", defaultValue = "../shared/data/images", description = "Directory with mesonet_*.jpg face crops")
  Path crops;

  @Option(names = "--chart", paramLabel = "FILE", description = "Write an SVG chart of the per-stage time split")
  Path chart;

  @Override
  public Integer call() throws Exception {
    var settings = pipeline.settings(bench.videos);
    var config = StageBenchmarks.config(bench.videos, settings);
    List<BenchRow> rows = new ArrayList<>();
    rows.addAll(StageBenchmarks.decode(config, bench.videos, bench.repetitions, System.out));
    rows.addAll(StageBenchmarks.detect(config, bench.videos, 4, bench.repetitions, System.out));
    rows.addAll(StageBenchmarks.score(config, crops, bench.repetitions, System.out));
    if (IngestSettings.from(config).clipsPerVideo() > 0) {
      rows.addAll(StageBenchmarks.temporal(config, bench.videos, 4, bench.repetitions, System.out));
    } else {
      System.out.println("  temporal: skipped (" + IngestSettings.CLIPS_PER_VIDEO + "=0)");
    }
    rows.addAll(new PipelineBenchmark(settings, bench.videos, bench.repetitions, System.out).run());
    Path jar = Path.of(BenchAllCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> args = new ArrayList<>();
    pipeline.models.overrides().forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    rows.addAll(MemoryBenchmark.run(jar, bench.videos, args, System.out));
    bench.report(rows);
    if (chart != null && StageSplitChart.write(rows, chart)) {
      System.out.println("chart: " + chart);
    }
    return 0;
  }
}
