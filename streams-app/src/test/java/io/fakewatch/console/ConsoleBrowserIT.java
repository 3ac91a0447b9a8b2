package io.fakewatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.metrics.MetricsSettings;
import io.fakewatch.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console end to end in a real browser: {@code fakewatch demo --serve} as its own process (the CLI's
 * main, this build's classes), then {@code console.spec.mjs} in Debian's headless Chromium through
 * playwright-core: submit a shared video with the form, see its row appear without a reload, open it,
 * count its thumbnails, check the chart and the segments, save two screenshots under target/console-it.
 * Skips without node, chromium or {@code npm ci} in src/test/browser, and fails for that under CI=true.
 */
class ConsoleBrowserIT {
  private static final Pattern CONSOLE_LINE = Pattern.compile("^console: (http://\\S+)");

  @Test
  void submitWatchAndOpenAVideoInTheConsole() throws Exception {
    Path root = Path.of(System.getProperty("fakewatch.root", "..")).toAbsolutePath().normalize();
    Path browserDir = root.resolve("streams-app/src/test/browser");
    String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    requireTool(Files.isDirectory(browserDir.resolve("node_modules/playwright-core")),
        "playwright-core not installed: run npm ci in " + browserDir + " (.ci/run does)");
    requireTool(Files.isExecutable(Path.of(chromium)), chromium + " missing: apt-get install chromium (.ci/run does)");
    requireTool(onPath("node"), "node not on PATH");
    Path video = SharedData.video("Deepfakes_c23_519_515.mp4");
    Path out = root.resolve("streams-app/target/console-it");
    Files.createDirectories(out);

    ProcessBuilder demoBuilder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx3g", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.fakewatch.events",
        "io.fakewatch.cli.FakeWatchCli",
        "demo", "--serve", "--model-mirror", SharedData.modelMirror().toString(),
        "--log-file", out.resolve("demo.log").toString(),
        "--set", MetricsSettings.PORT + "=0",
        "--set", IngestSettings.FILE_ROOTS + "=" + video.getParent(),
        "--set", ConfigKeys.MODELS_CACHE_DIR + "=" + System.getProperty("java.io.tmpdir") + "/fakewatch-test-models",
        "--set", "onnx.intra.op.threads=1"))
        .redirectErrorStream(true);
    // ONNX Runtime 1.29 crashes (SIGSEGV) in a JVM whose command line is over ~4 KB: the class path goes by
    // environment, as StageProcess does
    demoBuilder.environment().put("CLASSPATH", classPath());
    Process demo = demoBuilder.start();
    try {
      List<String> demoLines = new ArrayList<>();
      BufferedReader demoOut = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
      String url = awaitConsoleUrl(demoOut, demoLines);
      if (url == null && demo.waitFor(5, TimeUnit.SECONDS)) {
        throw new AssertionError("demo --serve exited " + demo.exitValue() + " before serving: " + demoLines);
      }
      assertThat(url).as("demo output: %s", demoLines).isNotNull().startsWith("http://127.0.0.1:").endsWith("/console/");
      CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> keep(demoOut, demoLines));

      String specOut = runSpec(browserDir, url, video, out);
      assertThat(specOut).as("browser test output").contains("RESULT ").doesNotContain("FAILED");
      Matcher result = Pattern.compile("\"thumbnails\":(\\d+)").matcher(specOut);
      assertThat(result.find()).isTrue();
      assertThat(Integer.parseInt(result.group(1))).isPositive();
      assertThat(out.resolve("console-list.png")).isNotEmptyFile();
      assertThat(out.resolve("console-video.png")).isNotEmptyFile();

      demo.destroy(); // SIGTERM, as Ctrl-C: --serve stops and closes the pipeline
      assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("demo --serve stops on SIGTERM").isTrue();
      drain.get(10, TimeUnit.SECONDS);
    } finally {
      demo.destroyForcibly();
    }
  }

  /** Runs the Playwright script against the console; returns what it printed. */
  private static String runSpec(Path browserDir, String url, Path video, Path out) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("node", "console.spec.mjs").directory(browserDir.toFile())
        .redirectErrorStream(true);
    builder.environment().put("CONSOLE_URL", url);
    builder.environment().put("VIDEO_URI", video.toUri().toString());
    builder.environment().put("OUT_DIR", out.toString());
    builder.environment().put("WAIT_MS", "300000");
    Process spec = builder.start();
    spec.getOutputStream().close();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(spec));
    if (!spec.waitFor(8, TimeUnit.MINUTES)) {
      spec.destroyForcibly();
      throw new AssertionError("browser test still running after 8 minutes: " + output.getNow(""));
    }
    String printed = output.get(10, TimeUnit.SECONDS);
    assertThat(spec.exitValue()).as("browser test output: %s", printed).isZero();
    return printed;
  }

  /** Reads the demo's stdout until its "console: URL" line (null if it ended first or after 5 minutes). */
  private static String awaitConsoleUrl(BufferedReader reader, List<String> lines) throws Exception {
    CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          synchronized (lines) {
            lines.add(line);
          }
          Matcher m = CONSOLE_LINE.matcher(line);
          if (m.find()) {
            return m.group(1);
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    return url.get(5, TimeUnit.MINUTES);
  }

  private static void keep(BufferedReader reader, List<String> lines) {
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        synchronized (lines) {
          lines.add(line);
        }
      }
    } catch (IOException closed) {
      // the process ended
    }
  }

  private static String read(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * This JVM's class path, spelled out: under surefire it is one manifest-only booter jar, whose
   * relative Class-Path entries a child JVM started elsewhere does not resolve the same way.
   */
  private static String classPath() throws IOException {
    String path = System.getProperty("java.class.path");
    if (path.contains(java.io.File.pathSeparator) || !path.endsWith(".jar")) {
      return path;
    }
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(path)) {
      String entries = jar.getManifest() == null ? null
          : jar.getManifest().getMainAttributes().getValue("Class-Path");
      if (entries == null) {
        return path;
      }
      List<String> files = new ArrayList<>();
      for (String entry : entries.trim().split("\\s+")) {
        files.add(Path.of(java.net.URI.create(entry).isAbsolute() ? java.net.URI.create(entry)
            : Path.of(path).getParent().toUri().resolve(entry)).toString());
      }
      return String.join(java.io.File.pathSeparator, files);
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** A missing browser tool skips the test on a developer machine and fails it under CI=true. */
  private static void requireTool(boolean present, String message) {
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message);
    }
    assumeTrue(present, message);
  }
}
