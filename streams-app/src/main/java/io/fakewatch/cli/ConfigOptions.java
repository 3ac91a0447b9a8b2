package io.fakewatch.cli;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that talks to Kafka shares: a config file, key=value overrides, the bootstrap. */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "Properties file; FAKEWATCH_* environment variables and flags override it")
  Path configFile;

  @Option(names = {"--set", "-D"}, paramLabel = "KEY=VALUE", description = "Override one config key (repeatable), e.g. --set verdicts.format=json")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (config key bootstrap.servers)")
  String bootstrap;

  FakeWatchConfig load() {
    Map<String, String> values = new LinkedHashMap<>(overrides);
    if (bootstrap != null) {
      values.put(ConfigKeys.BOOTSTRAP_SERVERS, bootstrap);
    }
    return FakeWatchConfig.load(configFile, System.getenv(), values);
  }
}
