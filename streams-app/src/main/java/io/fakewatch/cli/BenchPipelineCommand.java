package io.fakewatch.cli;

import io.fakewatch.bench.PipelineBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Videos/s and latency through the embedded broker (all stages, one process) vs the slowest stage alone, "
        + "and vs the same stage code chained in-process without Kafka.")
final class BenchPipelineCommand implements Callable<Integer> {
  @Mixin BenchOptions bench;
  @Mixin PipelineOptions pipeline;

  @Override
  public Integer call() throws Exception {
    var settings = pipeline.settings(bench.videos);
    bench.report(new PipelineBenchmark(settings, bench.videos, bench.repetitions, System.out).run());
    return 0;
  }
}
