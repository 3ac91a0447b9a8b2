package io.fakewatch.cli;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.score.ScoreSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that run the whole pipeline in-process (demo, evaluate): config, models, patience. */
final class PipelineOptions {
  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
      description = "Give up waiting for verdicts after this long (default ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(names = {"--set", "-D"}, paramLabel = "KEY=VALUE", description = "Override a config key (repeatable)")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Mixin ModelsCommand.ModelOptions models;

  @Option(names = "--allow-benchmark-models",
      description = "Let the stages load benchmark-only models (random weights, meaningless scores; bench always may)")
  boolean allowBenchmarkModels;

  /** The session's settings for inputs under {@code root}; the user's --set wins. */
  Map<String, String> settings(Path root) {
    Map<String, String> models = new LinkedHashMap<>(this.models.overrides());
    if (allowBenchmarkModels) {
      models.put(ConfigKeys.MODELS_ALLOW_BENCHMARK, "true");
    }
    return DemoSettings.forVideos(root, models, overrides);
  }

  /** These options as arguments of a {@code demo} in another process: --set for the models' and the user's keys. */
  List<String> demoArgs() {
    Map<String, String> values = new LinkedHashMap<>(models.overrides());
    values.putAll(overrides);
    List<String> args = new ArrayList<>();
    values.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    if (allowBenchmarkModels) {
      args.add("--allow-benchmark-models");
    }
    return args;
  }

  /**
   * A benchmark's settings: benchmark-only models allowed, and {@code classifier} (when given) as the
   * one frame classifier; the user's --set still wins.
   */
  Map<String, String> benchSettings(Path root, String classifier) {
    Map<String, String> models = new LinkedHashMap<>(this.models.overrides());
    models.put(ConfigKeys.MODELS_ALLOW_BENCHMARK, "true");
    if (classifier != null) {
      models.put(ScoreSettings.MODELS, classifier);
    }
    return DemoSettings.forVideos(root, models, overrides);
  }
}
