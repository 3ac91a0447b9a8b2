package io.fakewatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fakewatch <command>}: the one entry point of the jar. Exit codes: 0 ok, 1 failure, 2 bad usage. */
@Command(
    name = "fakewatch",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Streaming deepfake-video detection: Kafka Streams + FFmpeg + ONNX Runtime.",
    subcommands = {
      BrokerCommand.class,
      TopicsCommand.class,
      SubmitCommand.class,
      VerdictsCommand.class,
      RunCommand.class,
      DemoCommand.class,
      EvaluateCommand.class,
      ConfigCommand.class,
      BenchCommand.class,
      ModelsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FakeWatchCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new FakeWatchCli());
    // One clear line instead of a stack-trace wall; the full trace goes to the log at debug level.
    cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
      commandLine.getErr().println("fakewatch " + commandLine.getCommandName() + ": " + Errors.describe(exception));
      org.slf4j.LoggerFactory.getLogger(FakeWatchCli.class).debug("command failed", exception);
      return 1;
    });
    return cli;
  }

  private static final String NIO_CACHED_BUFFER = "jdk.nio.maxCachedBufferSize";

  public static void main(String[] args) {
    // JavaCV's own messages ("Info: avformat_open_input rejected some options") through SLF4J, not stderr
    if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
      System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
    }
    // NIO keeps, per thread, a direct copy of the largest heap buffer it read or wrote (megabyte records through
    // the broker's and clients' threads); capped, the demo's direct memory fell from 336-374 to 164-174 MiB
    // (docs/benchmarks.md, "Memory"). Larger copies are freed after use.
    if (System.getProperty(NIO_CACHED_BUFFER) == null) {
      System.setProperty(NIO_CACHED_BUFFER, String.valueOf(1 << 20));
    }
    System.exit(commandLine().execute(args));
  }
}
