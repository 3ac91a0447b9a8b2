package io.fakewatch.cli;

import io.fakewatch.bench.MemoryBenchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "memory", mixinStandardHelpOptions = true,
    description = "Peak RSS and heap of `demo` on the videos, measured in a separate JVM.")
final class BenchMemoryCommand implements Callable<Integer> {
  @Mixin BenchOptions bench;
  @Mixin ModelsCommand.ModelOptions models;

  @Override
  public Integer call() throws Exception {
    Path jar = Path.of(BenchMemoryCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> args = new ArrayList<>();
    models.overrides().forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    bench.report(MemoryBenchmark.run(jar, bench.videos, args, System.out));
    return 0;
  }
}
