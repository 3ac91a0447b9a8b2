package io.fakewatch.cli;

import io.fakewatch.config.FakeWatchConfig;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Print every configuration key: default, environment variable and documentation; or the effective values.")
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--effective", description = "Print the values this process would run with (file, environment, flags applied)")
  boolean effective;

  @Override
  public Integer call() {
    if (effective) {
      System.out.println(options.load().describe());
      return 0;
    }
    for (ConfigDef.ConfigKey key : FakeWatchConfig.DEFINITION.configKeys().values()) {
      System.out.printf("%s = %s%n    env %s; %s%n", key.name,
          key.hasDefault() ? String.valueOf(key.defaultValue) : "(required)",
          FakeWatchConfig.environmentName(key.name), key.documentation);
    }
    return 0;
  }
}
