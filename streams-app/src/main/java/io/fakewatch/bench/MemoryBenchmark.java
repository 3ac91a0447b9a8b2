package io.fakewatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Peak RSS and heap of {@code demo} on a directory of videos, measured in a separate process (the demo's own
 * {@code --stats} line), so the benchmark's own memory does not count. The demo runs through the launcher
 * beside the build ({@code ./fakewatch}, which holds the demo's JVM heap and glibc settings) when there is
 * one, so the line measures the command the README gives; otherwise in a plain JVM of this one's binary.
 */
public final class MemoryBenchmark {
  private static final Pattern STATS = Pattern.compile("peakRssMiB=(\\d+) peakHeapMiB=(\\d+)");

  private MemoryBenchmark() {}

  /** @param classifier the one frame classifier (benchmark-only models allowed), or null for the configured ones */
  public static List<BenchRow> run(Path jar, Path videosDir, List<String> extraArgs, String classifier, PrintStream log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(launcher(jar));
    command.addAll(List.of("demo", "--stats", "--videos", videosDir.toString()));
    if (classifier != null) {
      command.addAll(List.of("--set", "score.models=" + classifier));
      if (!extraArgs.contains("--allow-benchmark-models")) {
        command.add("--allow-benchmark-models"); // given once: the demo refuses an option twice
      }
    }
    command.addAll(extraArgs);
    log.println("  memory: " + String.join(" ", command));
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
    long rss = -1;
    long heap = -1;
    int videos = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream()))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher m = STATS.matcher(line);
        if (m.find()) {
          rss = Long.parseLong(m.group(1));
          heap = Long.parseLong(m.group(2));
        }
        if (line.contains(" inputs, ")) {
          videos = Integer.parseInt(line.strip().split(" ")[0]);
          log.println("  demo: " + line.strip());
        }
      }
    }
    int rc = demo.waitFor();
    if (rc != 0 || rss < 0) {
      throw new IllegalStateException("demo exited " + rc + " without its --stats line");
    }
    String with = classifier == null ? "" : " with " + classifier;
    return List.of(
        new BenchRow("memory.peak_rss_mib", rss, "MiB", 0, "demo on " + videos + " videos" + with + "; target < 2048"),
        new BenchRow("memory.peak_heap_mib", heap, "MiB", 0, "sum of heap pools' peaks"));
  }

  public static List<BenchRow> run(Path jar, Path videosDir, List<String> extraArgs, PrintStream log)
      throws IOException, InterruptedException {
    return run(jar, videosDir, extraArgs, null, log);
  }

  /** {@code <checkout>/fakewatch} for {@code <checkout>/streams-app/target/fakewatch.jar}, else java -jar. */
  private static List<String> launcher(Path jar) {
    Path absolute = jar.toAbsolutePath().normalize();
    Path root = absolute.getNameCount() < 4 ? null : absolute.getParent().getParent().getParent();
    if (root != null && root.resolve("streams-app/target/fakewatch.jar").equals(absolute)
        && Files.isExecutable(root.resolve("fakewatch"))) {
      return List.of(root.resolve("fakewatch").toString());
    }
    return List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.fakewatch.events", "-jar", jar.toString());
  }
}
