package io.fakewatch.cli;

import io.fakewatch.app.StageRegistry;
import io.fakewatch.app.StageRunner;
import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.metrics.FakeWatchMetrics;
import io.fakewatch.api.ApiServer;
import io.fakewatch.metrics.MetricsServer;
import io.fakewatch.metrics.MetricsSettings;
import io.fakewatch.metrics.ProcessMonitor;
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

  @Option(names = "--allow-benchmark-models",
      description = "Let the stages load benchmark-only models (random weights, meaningless scores); refused otherwise")
  boolean allowBenchmarkModels;

  @Override
  public Integer call() throws Exception {
    if (allowBenchmarkModels) {
      options.overrides.put(ConfigKeys.MODELS_ALLOW_BENCHMARK, "true");
    }
    FakeWatchConfig config = options.load();
    var selected = StageRegistry.select(stages);
    // /health answers (503) while models load and stages start, so probes see a starting pod, not a dead one
    ProcessMonitor monitor = ProcessMonitor.forConfig(config);
    boolean verdictHere = selected.stream().anyMatch(s -> s.name().equals(ApiServer.VERDICT_STAGE));
    MetricsSettings http = verdictHere ? ApiServer.bindSettings(MetricsSettings.from(config), config)
        : MetricsSettings.from(config);
    // the web console is served beside the API by the process that runs the verdict stage
    MetricsServer metrics = MetricsServer.start(http, FakeWatchMetrics.global(), monitor::health,
        verdictHere ? io.fakewatch.console.ConsoleResources::mount : null);
    ApiServer api = verdictHere ? ApiServer.mount(metrics, config) : ApiServer.mount(metrics, config.with("api.enabled", false));
    StageRunner runner;
    try {
      runner = StageRunner.start(config, selected, Duration.ofMinutes(2), monitor, api.stageProperties());
      api.attach(runner);
    } catch (Exception | Error e) {
      api.close();
      metrics.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      api.close();
      runner.close();
      metrics.close();
      stopped.countDown();
    }, "stages-shutdown"));
    System.out.println("running " + selected.stream().map(s -> s.name()).toList() + " against "
        + config.getList("bootstrap.servers")
        + (metrics.serving() ? "; /metrics and /health on port " + metrics.port() : "") + "; Ctrl-C stops");
    stopped.await();
    return 0;
  }
}
