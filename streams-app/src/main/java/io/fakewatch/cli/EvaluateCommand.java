package io.fakewatch.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fakewatch.app.PipelineSession;
import io.fakewatch.evaluate.EvaluationReport;
import io.fakewatch.evaluate.LabelledVideos;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Run the pipeline over labelled videos and print log loss, ROC AUC, accuracy and per-video probabilities.")
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--labels", required = true, paramLabel = "CSV",
      description = "CSV with file,label columns (paths relative to the CSV); rows not REAL/FAKE are skipped and counted")
  Path labels;

  @Option(names = "--report", paramLabel = "DIR", description = "Write summary.json, report.html and SVG charts here")
  Path report;

  @Mixin PipelineOptions pipeline;

  @Override
  public Integer call() throws Exception {
    LabelledVideos videos = LabelledVideos.read(labels);
    if (videos.entries().isEmpty()) {
      throw new IllegalArgumentException(labels + " has no REAL or FAKE rows");
    }
    Path root = labels.toAbsolutePath().getParent();
    Map<String, String> settings = pipeline.settings(root);
    System.out.printf("evaluating %d labelled videos (%d rows skipped)...%n", videos.entries().size(), videos.skipped());
    List<EvaluationReport.Row> rows = new ArrayList<>();
    String model = "";
    try (PipelineSession session = PipelineSession.start(settings)) {
      Map<String, LabelledVideos.Entry> byId = new LinkedHashMap<>();
      for (LabelledVideos.Entry entry : videos.entries()) {
        VideoRequest request = session.submit(null, entry.file().toUri().toString());
        byId.put(request.getVideoId(), entry);
      }
      Map<String, List<VideoVerdict>> verdicts = session.awaitVerdicts(List.copyOf(byId.keySet()),
          Duration.ofSeconds(pipeline.timeoutSeconds), (id, v) -> System.out.printf("  %-40s %.3f %s%n",
              root.relativize(byId.get(id).file()), v.getProbability(), v.getStatus()));
      for (Map.Entry<String, LabelledVideos.Entry> e : byId.entrySet()) {
        List<VideoVerdict> got = verdicts.getOrDefault(e.getKey(), List.of());
        String file = root.relativize(e.getValue().file()).toString();
        if (got.isEmpty()) {
          // DFDC rule: no prediction is scored as 0.5
          rows.add(new EvaluationReport.Row(file, e.getValue().fake(), 0.5, "UNKNOWN", "NO_VERDICT"));
          continue;
        }
        VideoVerdict v = got.get(0);
        model = v.getModels().isEmpty() ? model : String.join("+", v.getModels());
        rows.add(new EvaluationReport.Row(file, e.getValue().fake(), v.getProbability(), v.getLabel().name(),
            v.getStatus().name()));
      }
    }
    ObjectNode summary = EvaluationReport.summary(rows, videos.skipped(), model);
    System.out.printf("%n%-44s %-5s %8s %-8s %s%n", "file", "truth", "P(fake)", "label", "status");
    for (EvaluationReport.Row row : rows) {
      System.out.printf(Locale.ROOT, "%-44s %-5s %8.3f %-8s %s%n", row.file(), row.fake() ? "FAKE" : "REAL",
          row.probability(), row.label(), row.status());
    }
    System.out.printf(Locale.ROOT, "%nvideos=%d skipped=%d logLoss=%.4f auc=%s accuracy=%.3f model=%s%n",
        rows.size(), videos.skipped(), summary.get("logLoss").asDouble(),
        summary.get("auc").isNull() ? "n/a" : String.format(Locale.ROOT, "%.3f", summary.get("auc").asDouble()),
        summary.get("accuracy").asDouble(), model);
    if (report != null) {
      EvaluationReport.write(report, summary, rows);
      System.out.println("report: " + report.resolve("report.html"));
    }
    return 0;
  }
}
