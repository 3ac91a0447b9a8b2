package io.fakewatch.evaluate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fakewatch.serde.AvroJson;
import io.fakewatch.verdict.ScoreFusion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The figures per model kind and fused for one condition (the original videos, or one perturbation):
 * AUC, log loss, accuracy at 0.5 and same-identity pairs. Per-model probabilities are clipped to
 * [0.01, 0.99] as the prototype did (they are raw model outputs); the fused column is scored exactly as the
 * verdict gives it. A model's column counts only the videos it scored; a video without a verdict counts
 * as 0.5 in the fused column (the DFDC rule) and not at all in the model columns.
 */
public final class ModelComparison {
  /** One evaluated video; scores null when it got no verdict. */
  public record Video(LabelledVideos.Entry entry, ModelScores scores) {}

  public record Column(String name, int videos, double auc, double logLoss, double accuracy, PairRanking.Result pairs) {}

  private ModelComparison() {}

  public static List<Column> columns(List<Video> videos) {
    List<LabelledVideos.Entry> entries = videos.stream().map(Video::entry).toList();
    List<Column> columns = new ArrayList<>();
    columns.add(column("frame", videos, entries, s -> s == null ? null : clip(s.frame())));
    columns.add(column("temporal", videos, entries, s -> s == null ? null : clip(s.temporal())));
    columns.add(column("fused", videos, entries, s -> s == null ? 0.5 : s.fused()));
    return columns;
  }

  private static Column column(String name, List<Video> videos, List<LabelledVideos.Entry> entries,
                               Function<ModelScores, Double> score) {
    List<Metrics.Scored> scored = new ArrayList<>();
    Map<String, Double> byFile = new HashMap<>();
    for (Video video : videos) {
      Double s = score.apply(video.scores());
      if (s != null) {
        scored.add(new Metrics.Scored(s, video.entry().fake()));
        byFile.put(video.entry().file().getFileName().toString(), s);
      }
    }
    boolean any = !scored.isEmpty();
    return new Column(name, scored.size(), Metrics.auc(scored), any ? Metrics.logLoss(scored) : Double.NaN,
        any ? Metrics.accuracy(scored, 0.5) : Double.NaN, PairRanking.rank(entries, byFile));
  }

  private static Double clip(Double p) {
    return p == null ? null : Math.min(Math.max(p, ScoreFusion.CLIP), 1 - ScoreFusion.CLIP);
  }

  /** condition → columns, for summary.json. */
  public static ObjectNode json(Map<String, List<Column>> conditions) {
    ObjectNode node = AvroJson.MAPPER.createObjectNode();
    conditions.forEach((condition, columns) -> {
      ArrayNode array = node.putArray(condition);
      for (Column c : columns) {
        ObjectNode o = array.addObject().put("model", c.name()).put("videos", c.videos());
        number(o, "auc", c.auc());
        number(o, "logLoss", c.logLoss());
        number(o, "accuracy", c.accuracy());
        o.put("pairsCorrect", c.pairs().correct()).put("pairs", c.pairs().pairs());
      }
    });
    return node;
  }

  /** The console table: one line per condition and model. */
  public static String table(Map<String, List<Column>> conditions) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %-9s %6s %6s %8s %7s %6s%n",
        "condition", "model", "videos", "AUC", "logLoss", "acc@0.5", "pairs"));
    conditions.forEach((condition, columns) -> {
      for (Column c : columns) {
        out.append(String.format(Locale.ROOT, "%-20s %-9s %6d %6s %8s %7s %6s%n", condition, c.name(), c.videos(),
            format(c.auc()), format(c.logLoss()), format(c.accuracy()), c.pairs()));
      }
    });
    return out.toString();
  }

  /** The same as an HTML table, for report.html. */
  public static String html(Map<String, List<Column>> conditions) {
    StringBuilder html = new StringBuilder("<table><tr><th>condition</th><th>model</th><th>videos</th><th>AUC</th>"
        + "<th>log loss</th><th>acc@0.5</th><th>same-identity pairs</th></tr>");
    conditions.forEach((condition, columns) -> {
      for (Column c : columns) {
        html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
            condition, c.name(), c.videos(), format(c.auc()), format(c.logLoss()), format(c.accuracy()), c.pairs()));
      }
    });
    return html.append("</table>").toString();
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isNaN(value)) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  private static String format(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
  }
}
