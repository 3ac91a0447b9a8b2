package io.fakewatch.evaluate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fakewatch.serde.AvroJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** summary.json and report.html (SVG charts: score histogram by label, reliability curve). */
public final class EvaluationReport {
  /** One evaluated video. */
  public record Row(String file, boolean fake, double probability, String label, String status, Double frame,
                    Double temporal) {
    /** A video without per-model scores (no verdict). */
    public Row(String file, boolean fake, double probability, String label, String status) {
      this(file, fake, probability, label, status, null, null);
    }
  }

  private EvaluationReport() {}

  public static ObjectNode summary(List<Row> rows, int skipped, String model) {
    List<Metrics.Scored> scored = rows.stream().map(r -> new Metrics.Scored(r.probability(), r.fake())).toList();
    ObjectNode summary = AvroJson.MAPPER.createObjectNode();
    summary.put("videos", rows.size());
    summary.put("skipped", skipped);
    summary.put("model", model);
    summary.put("logLoss", Metrics.logLoss(scored));
    double auc = Metrics.auc(scored);
    if (Double.isNaN(auc)) {
      summary.putNull("auc");
    } else {
      summary.put("auc", auc);
    }
    summary.put("accuracy", Metrics.accuracy(scored, 0.5));
    ArrayNode videos = summary.putArray("rows");
    for (Row row : rows) {
      videos.addObject().put("file", row.file()).put("truth", row.fake() ? "FAKE" : "REAL")
          .put("probability", row.probability()).put("label", row.label()).put("status", row.status())
          .put("frame", row.frame()).put("temporal", row.temporal());
    }
    return summary;
  }

  public static void write(Path dir, ObjectNode summary, List<Row> rows) throws IOException {
    write(dir, summary, rows, "");
  }

  /** {@code modelTable}: the per-model and per-perturbation table (HTML), or empty. */
  public static void write(Path dir, ObjectNode summary, List<Row> rows, String modelTable) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("summary.json"), AvroJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
    StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>FakeWatch evaluation</title>"
        + "<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:left}</style></head><body>");
    html.append("<h1>FakeWatch evaluation</h1>");
    html.append(String.format(Locale.ROOT, "<p>%d videos (%d skipped, not REAL/FAKE); model %s<br>log loss %.4f, ROC AUC %s, accuracy@0.5 %.3f</p>",
        summary.get("videos").asInt(), summary.get("skipped").asInt(), summary.get("model").asText(),
        summary.get("logLoss").asDouble(), summary.get("auc").isNull() ? "n/a" : String.format(Locale.ROOT, "%.3f", summary.get("auc").asDouble()),
        summary.get("accuracy").asDouble()));
    if (!modelTable.isEmpty()) {
      html.append("<h2>Per model and perturbation</h2>").append(modelTable);
    }
    html.append("<h2>Scores by label</h2>").append(histogram(rows));
    html.append("<h2>Reliability</h2>").append(reliability(rows));
    html.append("<h2>Videos</h2><table><tr><th>file</th><th>truth</th><th>P(fake)</th><th>label</th><th>status</th></tr>");
    for (Row row : rows) {
      html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.3f</td><td>%s</td><td>%s</td></tr>",
          escape(row.file()), row.fake() ? "FAKE" : "REAL", row.probability(), row.label(), row.status()));
    }
    html.append("</table></body></html>\n");
    Files.writeString(dir.resolve("report.html"), html);
    Files.writeString(dir.resolve("histogram.svg"), histogram(rows));
    Files.writeString(dir.resolve("reliability.svg"), reliability(rows));
  }

  /** Ten bins of P(fake), real videos in blue, fakes in red, side by side. */
  static String histogram(List<Row> rows) {
    int[][] counts = new int[2][10];
    for (Row row : rows) {
      counts[row.fake() ? 1 : 0][Math.min(9, (int) (row.probability() * 10))]++;
    }
    int max = 1;
    for (int[] label : counts) {
      for (int c : label) {
        max = Math.max(max, c);
      }
    }
    StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"440\" height=\"240\">");
    svg.append("<line x1=\"20\" y1=\"200\" x2=\"420\" y2=\"200\" stroke=\"black\"/>");
    for (int bin = 0; bin < 10; bin++) {
      for (int label = 0; label < 2; label++) {
        double h = 180.0 * counts[label][bin] / max;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"18\" height=\"%.1f\" fill=\"%s\"/>",
            22 + bin * 40 + label * 18, 200 - h, h, label == 0 ? "#3070c0" : "#c03030"));
      }
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"215\" font-size=\"10\">%.1f</text>", 20 + bin * 40, bin / 10.0));
    }
    svg.append("<text x=\"300\" y=\"20\" font-size=\"12\" fill=\"#3070c0\">REAL</text>");
    svg.append("<text x=\"350\" y=\"20\" font-size=\"12\" fill=\"#c03030\">FAKE</text>");
    svg.append("<text x=\"150\" y=\"235\" font-size=\"11\">P(fake), 10 bins</text></svg>");
    return svg.toString();
  }

  /** Fraction of fakes against mean predicted probability in five bins; the diagonal is perfect calibration. */
  static String reliability(List<Row> rows) {
    StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"260\" height=\"260\">");
    svg.append("<rect x=\"30\" y=\"10\" width=\"200\" height=\"200\" fill=\"none\" stroke=\"black\"/>");
    svg.append("<line x1=\"30\" y1=\"210\" x2=\"230\" y2=\"10\" stroke=\"#999\" stroke-dasharray=\"4\"/>");
    StringBuilder points = new StringBuilder();
    for (int bin = 0; bin < 5; bin++) {
      final int b = bin;
      List<Row> in = rows.stream().filter(r -> Math.min(4, (int) (r.probability() * 5)) == b).toList();
      if (in.isEmpty()) {
        continue;
      }
      double meanP = in.stream().mapToDouble(Row::probability).average().orElse(0);
      double fakeRate = in.stream().filter(Row::fake).count() / (double) in.size();
      double x = 30 + 200 * meanP;
      double y = 210 - 200 * fakeRate;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"#c03030\"/>", x, y, 3 + in.size()));
    }
    svg.append("<polyline fill=\"none\" stroke=\"#c03030\" points=\"").append(points).append("\"/>");
    svg.append("<text x=\"60\" y=\"235\" font-size=\"11\">mean P(fake) per bin</text>");
    svg.append("<text x=\"0\" y=\"120\" font-size=\"11\" transform=\"rotate(-90 10 120)\">fraction fake</text></svg>");
    return svg.toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
