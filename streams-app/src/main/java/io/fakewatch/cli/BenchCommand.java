package io.fakewatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench <line>}: benchmarks that print figures next to the raw limit of the same work. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: each prints its figure, the raw limit measured in the same run, and ratio=.",
    subcommands = {BenchAllCommand.class, BenchStagesCommands.Decode.class, BenchStagesCommands.Detect.class,
        BenchStagesCommands.Score.class, BenchStagesCommands.Temporal.class, BenchPipelineCommand.class, BenchMemoryCommand.class})
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
