package io.fakewatch.cli;

import io.fakewatch.bench.MemoryBenchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "memory", mixinStandardHelpOptions = true,
    description = "Peak RSS and heap of `demo` on the videos, measured in a separate process (./fakewatch demo when "
        + "run from a checkout).")
final class BenchMemoryCommand implements Callable<Integer> {
  @Mixin BenchOptions bench;
  @Mixin PipelineOptions pipeline;

  @Option(names = "--classifier", paramLabel = "NAME",
      description = "Run the demo with this one frame classifier (score.models); benchmark-only models allowed")
  String classifier;

  @Override
  public Integer call() throws Exception {
    Path jar = Path.of(BenchMemoryCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    bench.report(MemoryBenchmark.run(jar, bench.videos, pipeline.demoArgs(), classifier, System.out));
    return 0;
  }
}
