package io.fakewatch.ingest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a decoder worker is started: {@code prlimit} sets its address-space, CPU, open-file, file-size and core
 * limits; {@code unshare -rn} gives it a network namespace of its own (nothing but a down loopback) where this
 * host allows unprivileged user namespaces; then a small JVM on the stage's own java and class path, in a
 * private temp directory, with an environment of a few variables only (no credentials the stage was given).
 */
final class WorkerCommand {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);
  /** The worker's heap: it holds one video's JPEG records at a time (a few MB to some tens of MB). */
  static final int HEAP_MB = 256;
  /** RLIMIT_CPU is this many videos' worth of {@code ingest.decode.cpu.seconds}; the pool recycles a worker before. */
  static final int CPU_VIDEOS = 10;

  private final IngestSettings settings;
  private final String mainClass;
  private final boolean noNetwork;

  private WorkerCommand(IngestSettings settings, String mainClass, boolean noNetwork) {
    this.settings = settings;
    this.mainClass = mainClass;
    this.noNetwork = noNetwork;
  }

  /** Checks the host once: prlimit must be there; network isolation is used where it works, and the log says which. */
  static WorkerCommand detect(IngestSettings settings, Class<?> mainClass) {
    if (onPath("prlimit") == null) {
      throw new IllegalStateException("ingest.decode.isolation=process needs prlimit (util-linux) on the PATH;"
          + " install it, or set ingest.decode.isolation=in-process where worker processes cannot be started");
    }
    boolean noNetwork = unshareWorks();
    if (noNetwork) {
      LOG.info("decoder workers: limits by prlimit, no network (unshare -rn: own user and network namespace)");
    } else {
      LOG.warn("decoder workers: limits by prlimit, but this host refuses unprivileged user namespaces (unshare -rn"
          + " failed), so workers share the host's network; FFmpeg is still limited to the file protocol");
    }
    return new WorkerCommand(settings, mainClass.getName(), noNetwork);
  }

  boolean noNetwork() {
    return noNetwork;
  }

  long cpuLimitSeconds() {
    return (long) settings.decodeCpuSeconds() * CPU_VIDEOS;
  }

  List<String> command(Path privateTemp) {
    long mib = 1024L * 1024;
    List<String> command = new ArrayList<>(List.of("prlimit",
        "--as=" + settings.workerMemoryMb() * mib,
        // SIGXCPU at the soft limit; SIGKILL 5 s later if something catches it
        "--cpu=" + cpuLimitSeconds() + ":" + (cpuLimitSeconds() + 5),
        "--nofile=" + settings.workerOpenFiles(),
        "--fsize=" + settings.workerFileSizeMb() * mib,
        "--core=0", "--"));
    if (noNetwork) {
      command.addAll(List.of("unshare", "-rn", "--"));
    }
    command.addAll(List.of(javaBinary(), "-Xmx" + HEAP_MB + "m", "-Xss512k",
        // a JVM reserves address space generously by default (1 GB of class space, 240 MB of code cache)
        "-XX:ReservedCodeCacheSize=48m", "-XX:CompressedClassSpaceSize=64m", "-XX:MaxMetaspaceSize=128m",
        "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError",
        // a crash report on stderr (stdout is the pipe), its file in the private temp dir, no core dump
        "-XX:+DisplayVMOutputToStderr", "-XX:-CreateCoredumpOnCrash",
        "-XX:ErrorFile=" + privateTemp.resolve("hs_err_%p.log"),
        "-Djava.io.tmpdir=" + privateTemp, "-Djava.awt.headless=true",
        // RLIMIT_AS bounds native memory; JavaCPP's own accounting (2 × heap by default) would stop a 4K decode
        "-Dorg.bytedeco.javacpp.maxBytes=0", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"));
    for (String property : List.of("org.bytedeco.javacpp.cachedir", "logback.configurationFile")) {
      if (System.getProperty(property) != null) {
        command.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    command.add(mainClass);
    command.addAll(settings.decodeArguments());
    return command;
  }

  /** A few variables, not the stage's environment: that may hold credentials (S3, Kafka) the decoder has no use for. */
  Map<String, String> environment(Path privateTemp) {
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("PATH", "HOME", "LANG", "LC_ALL", "FAKEWATCH_LOG_LEVEL")) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.put("TMPDIR", privateTemp.toString());
    env.put("CLASSPATH", absoluteClassPath()); // the worker runs in its temp dir
    // glibc's 64 MB arena per thread would eat the address-space limit: OpenBLAS (loaded with OpenCV) then
    // fails its start-up allocation and exits; nor does the worker want BLAS threads
    env.put("MALLOC_ARENA_MAX", "2");
    env.put("OPENBLAS_NUM_THREADS", "1");
    return env;
  }

  private static String absoluteClassPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank()).map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(File.pathSeparator));
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static boolean unshareWorks() {
    if (onPath("unshare") == null) {
      return false;
    }
    try {
      Process probe = new ProcessBuilder("unshare", "-rn", "--", "true").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!probe.waitFor(10, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        return false;
      }
      return probe.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
