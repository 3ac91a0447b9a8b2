package io.fakewatch.cli;

import io.fakewatch.bench.PipelineBenchmark;
import io.fakewatch.config.ConfigKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Videos/s and latency through the embedded broker (all stages, one process) vs the slowest stage alone, "
        + "and vs the same stage code chained in-process without Kafka.")
final class BenchPipelineCommand implements Callable<Integer> {
  @Mixin BenchOptions bench;
  @Mixin PipelineOptions pipeline;

  @Option(names = "--classifier", paramLabel = "NAME",
      description = "The frame classifier (score.models) for this run; benchmark-only models allowed")
  String classifier;

  @Option(names = "--score-threads", paramLabel = "N", defaultValue = "0",
      description = "Stream threads of the score stage (score.stream.threads), more than the other stages' "
          + "stream.threads; 0 (default) leaves it to the config")
  int scoreThreads;

  @Option(names = "--max-videos", paramLabel = "N", defaultValue = "0",
      description = "Only the first N videos (by name) of --videos; 0 (default) for all")
  int maxVideos;

  @Override
  public Integer call() throws Exception {
    Map<String, String> settings = new LinkedHashMap<>(pipeline.benchSettings(bench.videos, classifier));
    if (scoreThreads > 0) {
      settings.putIfAbsent("score" + ConfigKeys.STAGE_STREAM_THREADS_SUFFIX, String.valueOf(scoreThreads));
    }
    bench.report(new PipelineBenchmark(settings, bench.videos, maxVideos, bench.repetitions, System.out).run());
    return 0;
  }
}
