package io.fakewatch.cli;

import io.fakewatch.app.StageRegistry;
import io.fakewatch.app.StageRunner;
import io.fakewatch.config.FakeWatchConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run pipeline stages against a Kafka cluster until stopped; each stage is its own Kafka Streams application.")
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--stages", paramLabel = "LIST", defaultValue = "all",
      description = "Comma-separated subset of ingest,detect,score,verdict, or 'all' (default)")
  String stages;

  @Override
  public Integer call() throws Exception {
    FakeWatchConfig config = options.load();
    var selected = StageRegistry.select(stages);
    StageRunner runner = StageRunner.start(config, selected, Duration.ofMinutes(2));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runner.close();
      stopped.countDown();
    }, "stages-shutdown"));
    System.out.println("running " + selected.stream().map(s -> s.name()).toList() + " against "
        + config.getList("bootstrap.servers") + "; Ctrl-C stops");
    stopped.await();
    return 0;
  }
}
