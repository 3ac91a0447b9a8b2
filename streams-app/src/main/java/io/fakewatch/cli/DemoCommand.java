package io.fakewatch.cli;

import io.fakewatch.app.PipelineSession;
import io.fakewatch.app.ProgressWatcher;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.serde.AvroJson;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start an embedded broker and all four stages in this process, submit videos, print one verdict per video "
        + "and the web console's address. Exits 0 when every input got exactly one verdict, broken and hostile inputs included.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--videos", paramLabel = "DIR", description = "Submit every file in DIR")
  Path videos;

  @Option(names = "--uri", paramLabel = "URI", description = "Submit this URI or path (repeatable)")
  List<String> uris = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the verdicts as JSON lines to FILE")
  Path json;

  @Option(names = "--stats", description = "Print peak RSS and heap of this process at the end")
  boolean stats;

  @Mixin PipelineOptions pipeline;

  @Option(names = "--serve", description = "Keep the web console (and the pipeline) up after the videos finish, until Ctrl-C")
  boolean serve;

  @Option(names = "--log-file", paramLabel = "FILE",
      description = "Write the full log to FILE; the terminal shows only the progress, the table and warnings of ours")
  Path logFile;

  @Override
  public Integer call() throws Exception {
    List<String> inputs = inputs();
    if (inputs.isEmpty() && !serve) {
      throw new IllegalArgumentException("nothing to do: give --videos DIR and/or --uri URI (or --serve)");
    }
    long started = System.nanoTime();
    Map<String, String> settings = pipeline.settings(videos);
    System.out.println("fakewatch demo: starting an embedded Kafka broker and the four stages (models are fetched on first use)...");
    try (StopSignal stop = serve ? new StopSignal() : null;
        DemoLogging logging = DemoLogging.open(logFile);
        PipelineSession session = PipelineSession.start(settings)) {
      int code = run(session, inputs, started);
      String url = session.consoleUrl();
      if (url == null) {
        System.out.println("console: off (metrics.enabled=false)");
      } else if (serve) {
        System.out.println("console: " + url + "  (serving until Ctrl-C)");
      } else {
        System.out.println("console: " + url + "  (stops with the demo; --serve keeps it up)");
      }
      if (serve && url != null) {
        stop.await();
      }
      return code;
    }
  }

  private int run(PipelineSession session, List<String> inputs, long started) throws Exception {
    Map<String, String> names = new LinkedHashMap<>();
    DemoProgress display = new DemoProgress(System.out, DemoProgress.isTerminal(), started);
    try (ProgressWatcher progress = new ProgressWatcher(session.config(), display::reached)) {
      for (String input : inputs) {
        VideoRequest request = session.submit(null, input);
        names.put(request.getVideoId(), shortName(request.getUri()));
        display.submitted(request.getVideoId(), shortName(request.getUri()));
      }
      Map<String, List<VideoVerdict>> verdicts = session.awaitVerdicts(List.copyOf(names.keySet()),
          Duration.ofSeconds(pipeline.timeoutSeconds), display::verdict);
      return report(names, verdicts, started);
    }
  }

  private int report(Map<String, String> names, Map<String, List<VideoVerdict>> verdicts, long started) throws Exception {
    if (names.isEmpty()) {
      return 0;
    }
    System.out.println();
    System.out.println(VerdictTable.header());
    int missing = 0;
    int duplicated = 0;
    List<VideoVerdict> all = new ArrayList<>();
    for (String id : names.keySet()) {
      List<VideoVerdict> got = verdicts.getOrDefault(id, List.of());
      if (got.isEmpty()) {
        missing++;
        System.out.printf("%-20s %-7s %-12s %6s %6s %7s  %s%n", id, "-", "NO VERDICT", "-", "-", "-", names.get(id));
        continue;
      }
      duplicated += got.size() > 1 ? 1 : 0;
      all.add(got.get(0));
      System.out.println(VerdictTable.row(got.get(0)));
    }
    if (json != null) {
      try (BufferedWriter out = Files.newBufferedWriter(json)) {
        for (VideoVerdict v : all) {
          out.write(AvroJson.toJsonString(v));
          out.newLine();
        }
      }
    }
    System.out.printf("%n%d inputs, %d verdicts, %d missing, %d duplicated, %.1f s%n",
        names.size(), all.size(), missing, duplicated, seconds(started));
    if (stats) {
      System.out.println(io.fakewatch.bench.ProcessStats.line());
    }
    return missing == 0 && duplicated == 0 ? 0 : 1;
  }

  private List<String> inputs() throws Exception {
    List<String> inputs = new ArrayList<>();
    if (videos != null) {
      if (!Files.isDirectory(videos)) {
        throw new IllegalArgumentException("--videos " + videos + " is not a directory");
      }
      try (Stream<Path> files = Files.list(videos)) {
        files.filter(Files::isRegularFile).sorted().forEach(p -> inputs.add(p.toAbsolutePath().normalize().toUri().toString()));
      }
    }
    for (String uri : uris) {
      Path path = Path.of(uri);
      boolean localPath = !uri.contains(":") && Files.exists(path);
      inputs.add(localPath ? path.toAbsolutePath().normalize().toUri().toString() : uri);
    }
    return inputs;
  }

  private static String shortName(String uri) {
    int slash = uri.lastIndexOf('/');
    String tail = slash >= 0 && slash < uri.length() - 1 ? uri.substring(slash + 1) : uri;
    return tail.length() > 44 ? tail.substring(0, 41) + "..." : tail;
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
