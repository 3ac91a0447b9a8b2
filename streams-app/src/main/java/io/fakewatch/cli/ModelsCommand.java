package io.fakewatch.cli;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.models.ModelSpec;
import io.fakewatch.models.ModelStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true, description = "List and fetch the models of the manifest.",
    subcommands = {ModelsCommand.Fetch.class, ModelsCommand.ListModels.class})
final class ModelsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The model options shared by every command that loads models (models fetch, run, demo). */
  static final class ModelOptions {
    @Option(names = {"--mirror", "--model-mirror"}, paramLabel = "DIR",
        description = "Copy models from this directory (searched by file name) instead of downloading; env FAKEWATCH_MODEL_MIRROR")
    Path mirror;

    @Option(names = "--cache", paramLabel = "DIR", description = "Model cache directory (config models.cache.dir)")
    Path cache;

    Map<String, String> overrides() {
      Map<String, String> values = new LinkedHashMap<>();
      String envMirror = System.getenv("FAKEWATCH_MODEL_MIRROR");
      if (mirror != null) {
        values.put(ConfigKeys.MODELS_MIRROR, mirror.toAbsolutePath().toString());
      } else if (envMirror != null && !envMirror.isBlank()) {
        values.put(ConfigKeys.MODELS_MIRROR, Path.of(envMirror).toAbsolutePath().toString());
      }
      if (cache != null) {
        values.put(ConfigKeys.MODELS_CACHE_DIR, cache.toAbsolutePath().toString());
      }
      return values;
    }
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = "Download (or copy from a mirror) and sha256-verify models into the cache; all by default.")
  static final class Fetch implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Mixin ModelOptions models;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Model names (default: every model in the manifest)")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
      options.overrides.putAll(models.overrides());
      FakeWatchConfig config = options.load();
      ModelStore store = ModelStore.from(config);
      List<ModelSpec> wanted = names.isEmpty() ? store.manifest().models()
          : names.stream().map(store.manifest()::find).toList();
      int failed = 0;
      for (ModelSpec spec : wanted) {
        try {
          System.out.printf("%-20s ok      %s%n", spec.name(), store.resolve(spec));
        } catch (RuntimeException e) {
          failed++;
          System.out.printf("%-20s FAILED  %s%n", spec.name(), Errors.describe(e));
        }
      }
      return failed == 0 ? 0 : 1;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the manifest.")
  static final class ListModels implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      for (ModelSpec spec : ModelStore.from(options.load()).manifest().models()) {
        System.out.printf("%-20s %-14s %-13s %4dx%-4d %s %s %s -> %s%n", spec.name(), spec.version(), spec.role(),
            spec.input().width(), spec.input().height(), spec.input().layout(), spec.input().colour(),
            spec.license(), spec.output().meaning());
      }
      return 0;
    }
  }
}
