package io.fakewatch.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fakewatch.app.PipelineSession;
import io.fakewatch.evaluate.CalibrationFit;
import io.fakewatch.evaluate.EvaluationReport;
import io.fakewatch.evaluate.LabelledVideos;
import io.fakewatch.evaluate.LogisticRegression;
import io.fakewatch.evaluate.ModelComparison;
import io.fakewatch.evaluate.ModelScores;
import io.fakewatch.evaluate.Perturbation;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.verdict.CalibrationFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Run the pipeline over labelled videos and print log loss, ROC AUC, accuracy and per-video probabilities, "
        + "per model kind (frame, temporal) and fused.")
final class EvaluateCommand implements Callable<Integer> {
  private static final String ORIGINAL = "original";

  @Option(names = "--labels", required = true, paramLabel = "CSV",
      description = "CSV with file,label[,original] columns (paths relative to the CSV); rows not REAL/FAKE are skipped and counted")
  Path labels;

  @Option(names = "--report", paramLabel = "DIR", description = "Write summary.json, report.html and SVG charts here")
  Path report;

  @Option(names = "--fit-calibration", paramLabel = "FILE",
      description = "Fit Platt scaling per model and the joint logistic regression on these videos and write them to FILE; "
          + "prints in-sample and leave-one-out figures")
  Path fitCalibration;

  @Option(names = "--perturb", description = "Also run each video re-encoded with the DFDC perturbations "
      + "(15 fps, a quarter of the pixels, low encoding quality) and report each beside the originals")
  boolean perturb;

  @Mixin PipelineOptions pipeline;

  @Override
  public Integer call() throws Exception {
    LabelledVideos videos = LabelledVideos.read(labels);
    if (videos.entries().isEmpty()) {
      throw new IllegalArgumentException(labels + " has no REAL or FAKE rows");
    }
    Path root = labels.toAbsolutePath().getParent();
    Map<String, String> settings = new HashMap<>(pipeline.settings(root));
    Map<String, List<LabelledVideos.Entry>> conditions = new LinkedHashMap<>();
    conditions.put(ORIGINAL, videos.entries());
    Path scratch = perturb ? Files.createTempDirectory("fakewatch-perturb") : null;
    if (perturb) {
      settings.merge(IngestSettings.FILE_ROOTS, scratch.toString(), (a, b) -> a.isBlank() ? b : a + "," + b);
      for (Perturbation p : Perturbation.dfdc()) {
        System.out.printf("re-encoding %d videos: %s...%n", videos.entries().size(), p.id());
        conditions.put(p.id(), p.applyAll(videos.entries(), scratch.resolve(p.id())));
      }
    }
    System.out.printf("evaluating %d labelled videos x %d condition(s) (%d rows skipped)...%n", videos.entries().size(),
        conditions.size(), videos.skipped());
    Map<String, List<ModelComparison.Video>> scored = new LinkedHashMap<>();
    List<EvaluationReport.Row> rows = new ArrayList<>();
    String model = "";
    String frameModel = "";
    String temporalModel = "";
    try (PipelineSession session = PipelineSession.start(settings)) {
      Map<String, String[]> byId = new LinkedHashMap<>(); // videoId → condition, index
      for (Map.Entry<String, List<LabelledVideos.Entry>> c : conditions.entrySet()) {
        for (int i = 0; i < c.getValue().size(); i++) {
          VideoRequest request = session.submit(null, c.getValue().get(i).file().toUri().toString());
          byId.put(request.getVideoId(), new String[] {c.getKey(), Integer.toString(i)});
        }
      }
      Map<String, List<VideoVerdict>> verdicts = session.awaitVerdicts(List.copyOf(byId.keySet()),
          Duration.ofSeconds(pipeline.timeoutSeconds), (id, v) -> System.out.printf("  %-20s %-40s %.3f %s%n",
              byId.get(id)[0], conditions.get(byId.get(id)[0]).get(Integer.parseInt(byId.get(id)[1])).file().getFileName(),
              v.getProbability(), v.getStatus()));
      for (Map.Entry<String, String[]> e : byId.entrySet()) {
        LabelledVideos.Entry entry = conditions.get(e.getValue()[0]).get(Integer.parseInt(e.getValue()[1]));
        List<VideoVerdict> got = verdicts.getOrDefault(e.getKey(), List.of());
        VideoVerdict v = got.isEmpty() ? null : got.get(0);
        scored.computeIfAbsent(e.getValue()[0], k -> new ArrayList<>())
            .add(new ModelComparison.Video(entry, v == null ? null : ModelScores.from(v)));
        if (!e.getValue()[0].equals(ORIGINAL)) {
          continue;
        }
        String file = root.relativize(entry.file()).toString();
        if (v == null) {
          // DFDC rule: no prediction is scored as 0.5
          rows.add(new EvaluationReport.Row(file, entry.fake(), 0.5, "UNKNOWN", "NO_VERDICT"));
          continue;
        }
        model = v.getModels().isEmpty() ? model : String.join("+", v.getModels());
        frameModel = v.getFrameModels().isEmpty() ? frameModel : String.join("+", v.getFrameModels());
        temporalModel = v.getTemporalModels().isEmpty() ? temporalModel : String.join("+", v.getTemporalModels());
        ModelScores perModel = ModelScores.from(v);
        rows.add(new EvaluationReport.Row(file, entry.fake(), v.getProbability(), v.getLabel().name(), v.getStatus().name(),
            perModel.frame(), perModel.temporal()));
      }
    } finally {
      if (scratch != null) {
        deleteTree(scratch);
      }
    }
    Map<String, List<ModelComparison.Column>> figures = new LinkedHashMap<>();
    scored.forEach((condition, list) -> figures.put(condition, ModelComparison.columns(list)));
    ObjectNode summary = EvaluationReport.summary(rows, videos.skipped(), model);
    summary.set("conditions", ModelComparison.json(figures));
    System.out.printf("%n%-44s %-5s %8s %8s %8s %-8s %s%n", "file", "truth", "P(fake)", "frame", "temporal", "label",
        "status");
    for (EvaluationReport.Row row : rows) {
      System.out.printf(Locale.ROOT, "%-44s %-5s %8.3f %8s %8s %-8s %s%n", row.file(), row.fake() ? "FAKE" : "REAL",
          row.probability(), score(row.frame()), score(row.temporal()), row.label(), row.status());
    }
    System.out.printf(Locale.ROOT, "%nvideos=%d skipped=%d logLoss=%.4f auc=%s accuracy=%.3f model=%s%n",
        rows.size(), videos.skipped(), summary.get("logLoss").asDouble(),
        summary.get("auc").isNull() ? "n/a" : String.format(Locale.ROOT, "%.3f", summary.get("auc").asDouble()),
        summary.get("accuracy").asDouble(), model);
    System.out.printf("%n%s", ModelComparison.table(figures));
    if (fitCalibration != null) {
      summary.set("calibrationFit", fit(scored.get(ORIGINAL), frameModel, temporalModel));
    }
    if (report != null) {
      EvaluationReport.write(report, summary, rows, ModelComparison.html(figures));
      System.out.println("report: " + report.resolve("report.html"));
    }
    return 0;
  }

  private ObjectNode fit(List<ModelComparison.Video> videos, String frameModel, String temporalModel) throws Exception {
    List<CalibrationFit.Row> fitRows = videos.stream().filter(v -> v.scores() != null)
        .filter(v -> v.scores().frame() != null || v.scores().temporal() != null)
        .map(v -> new CalibrationFit.Row(v.entry().fake(), v.scores().frame(), v.scores().temporal())).toList();
    CalibrationFit.Result result = CalibrationFit.fit(fitRows, frameModel, temporalModel, LogisticRegression.DEFAULT_LAMBDA);
    CalibrationFile.write(fitCalibration, result.parameters(), result.figures());
    System.out.printf("%ncalibration fitted on %d videos -> %s%n%-9s %-14s %6s %8s%n", fitRows.size(), fitCalibration,
        "model", "figures", "AUC", "logLoss");
    for (String column : result.inSample().keySet()) {
      for (String kind : List.of("in-sample", "leave-one-out")) {
        CalibrationFit.Figures f = (kind.equals("in-sample") ? result.inSample() : result.leaveOneOut()).get(column);
        System.out.printf(Locale.ROOT, "%-9s %-14s %6s %8.4f%n", column, kind,
            Double.isNaN(f.auc()) ? "n/a" : String.format(Locale.ROOT, "%.3f", f.auc()), f.logLoss());
      }
    }
    System.out.println("(in-sample figures have seen each video; leave-one-out is the honest estimate)");
    return result.figures();
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String score(Double p) {
    return p == null ? "abstain" : String.format(Locale.ROOT, "%.3f", p);
  }
}
