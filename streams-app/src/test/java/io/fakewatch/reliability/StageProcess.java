package io.fakewatch.reliability;

import io.fakewatch.cli.FakeWatchCli;
import io.fakewatch.config.FakeWatchConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One instance of one stage in a JVM of its own ({@code fakewatch run --stages X}), so a test can kill it for
 * real: SIGKILL, no shutdown hook, its open transaction left behind. It always restarts on the same state
 * directory, so Kafka Streams reuses its persisted process id; the exactly-once transactional id is built from
 * it, and the restarted producer fences the dead one and aborts its open transaction at once.
 */
final class StageProcess {
  private static final String READY_LINE = "running [";

  private final String stage;
  private final int instance;
  private final Path configFile;
  private final Path stateDir;
  private final Path log;
  private Process process;
  private int starts;

  StageProcess(String stage, int instance, Path configFile, Path stateRoot, Path logDir) {
    this.stage = stage;
    this.instance = instance;
    this.configFile = configFile;
    this.stateDir = stateRoot.resolve(name());
    this.log = logDir.resolve(name() + ".log");
  }

  /** The config as a properties file for the stage processes' {@code --config}. */
  static Path writeConfig(FakeWatchConfig config, Path file) throws IOException {
    Properties properties = new Properties();
    properties.putAll(config.originalsStrings());
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "the stage processes' config");
    }
    return file;
  }

  String stage() {
    return stage;
  }

  String name() {
    return stage + "-" + instance;
  }

  void start() throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx600m", "-XX:+UseSerialGC", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.fakewatch.events",
        // the log of a deployed stage (Kafka's warnings too), not the tests' quiet one
        "-Dlogback.configurationFile=logback.xml",
        FakeWatchCli.class.getName(), "run", "--stages", stage, "--config", configFile.toString(),
        "--set", "state.dir=" + stateDir);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()));
    // ONNX Runtime 1.29 crashes in a JVM whose command line is over ~4 KB: the class path goes by environment
    builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    process = builder.start();
    starts++;
  }

  /** SIGKILL, then waits until the process is gone, so its restart cannot overlap it. */
  void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name() + " did not die within 30 s of SIGKILL");
    }
  }

  void killAndRestart() throws IOException, InterruptedException {
    kill();
    start();
  }

  /** Whether the latest start has reached RUNNING (the CLI prints its ready line once per start). */
  boolean ready() {
    return readyLines() >= starts;
  }

  /** Null while alive; otherwise how the process ended, with the end of its log. */
  String deathNotice() {
    if (process.isAlive()) {
      return null;
    }
    return name() + " exited by itself with " + process.exitValue() + "; its log ends:\n" + logTail(40);
  }

  String logTail(int lines) {
    List<String> all = logLines();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private long readyLines() {
    return logLines().stream().filter(line -> line.startsWith(READY_LINE)).count();
  }

  private List<String> logLines() {
    if (!Files.exists(log)) {
      return List.of();
    }
    try { // decoded leniently: a SIGKILL can cut a line in the middle of a character
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
