package io.fakewatch.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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

  /** The session's settings for inputs under {@code root}; the user's --set wins. */
  Map<String, String> settings(Path root) {
    return DemoSettings.forVideos(root, models.overrides(), overrides);
  }
}
