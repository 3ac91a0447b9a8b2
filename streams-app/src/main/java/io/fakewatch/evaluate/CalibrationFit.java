package io.fakewatch.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fakewatch.serde.AvroJson;
import io.fakewatch.verdict.CalibrationFile;
import io.fakewatch.verdict.ScoreFusion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fits a calibration on evaluated videos: Platt scaling of each model's logit and the joint logistic
 * regression over both, then the same figures twice: in-sample (optimistic: the fit has seen each video)
 * and leave-one-out (each video predicted by a fit without it), so a small set cannot flatter itself.
 */
public final class CalibrationFit {
  /** One video: its truth and each model's FAKE probability, null where the model abstained. */
  public record Row(boolean fake, Double frame, Double temporal) {}

  public record Figures(int videos, double auc, double logLoss) {}

  /** The parameters and the figures per column (frame, temporal, fused), in-sample and leave-one-out. */
  public record Result(CalibrationFile.Parameters parameters, Map<String, Figures> inSample, Map<String, Figures> leaveOneOut) {
    public ObjectNode figures() {
      ObjectNode node = AvroJson.MAPPER.createObjectNode();
      put(node.putObject("inSample"), inSample);
      put(node.putObject("leaveOneOut"), leaveOneOut);
      return node;
    }

    private static void put(ObjectNode node, Map<String, Figures> figures) {
      figures.forEach((column, f) -> {
        ObjectNode c = node.putObject(column).put("videos", f.videos()).put("logLoss", f.logLoss());
        if (Double.isNaN(f.auc())) {
          c.putNull("auc");
        } else {
          c.put("auc", f.auc());
        }
      });
    }
  }

  private CalibrationFit() {}

  public static Result fit(List<Row> rows, String frameModel, String temporalModel, double lambda) {
    CalibrationFile.Parameters parameters = parameters(rows, frameModel, temporalModel, lambda);
    List<Double[]> inSample = new ArrayList<>();
    List<Double[]> outOfFold = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      inSample.add(predict(parameters, rows.get(i)));
      List<Row> others = new ArrayList<>(rows);
      others.remove(i);
      outOfFold.add(predict(parameters(others, frameModel, temporalModel, lambda), rows.get(i)));
    }
    return new Result(parameters, figures(rows, inSample), figures(rows, outOfFold));
  }

  /** Fits every part; each needs at least two videos of each class, so every leave-one-out fold still has both. */
  static CalibrationFile.Parameters parameters(List<Row> rows, String frameModel, String temporalModel, double lambda) {
    double clip = ScoreFusion.CLIP;
    List<Row> withFrame = rows.stream().filter(r -> r.frame() != null).toList();
    List<Row> withTemporal = rows.stream().filter(r -> r.temporal() != null).toList();
    List<Row> withBoth = rows.stream().filter(r -> r.frame() != null && r.temporal() != null).toList();
    LogisticRegression.Model frame = fitOn(withFrame, r -> new double[] {logit(r.frame(), clip)}, lambda, "a frame score");
    LogisticRegression.Model temporal = fitOn(withTemporal, r -> new double[] {logit(r.temporal(), clip)}, lambda,
        "a temporal score");
    LogisticRegression.Model joint = fitOn(withBoth, r -> new double[] {logit(r.frame(), clip), logit(r.temporal(), clip)},
        lambda, "both scores");
    return new CalibrationFile.Parameters(frameModel, temporalModel, clip, lambda, rows.size(),
        new CalibrationFile.Platt(frame.coefficients()[0], frame.intercept()),
        new CalibrationFile.Platt(temporal.coefficients()[0], temporal.intercept()),
        new CalibrationFile.Joint(joint.intercept(), joint.coefficients()[0], joint.coefficients()[1]));
  }

  private static LogisticRegression.Model fitOn(List<Row> rows, Function<Row, double[]> features, double lambda, String what) {
    long fakes = rows.stream().filter(Row::fake).count();
    if (fakes < 2 || rows.size() - fakes < 2) {
      throw new IllegalArgumentException("fitting a calibration needs at least 2 FAKE and 2 REAL videos with " + what
          + ", got " + fakes + " FAKE and " + (rows.size() - fakes) + " REAL");
    }
    double[][] x = rows.stream().map(features).toArray(double[][]::new);
    boolean[] y = new boolean[rows.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = rows.get(i).fake();
    }
    return LogisticRegression.fit(x, y, lambda);
  }

  /** frame Platt, temporal Platt, fused; null where that column has no input. */
  private static Double[] predict(CalibrationFile.Parameters p, Row row) {
    Double frame = row.frame() == null ? null : p.frame().apply(logit(row.frame(), p.clip()));
    Double temporal = row.temporal() == null ? null : p.temporal().apply(logit(row.temporal(), p.clip()));
    Double fused = row.frame() == null && row.temporal() == null ? null : p.predict(row.frame(), row.temporal());
    return new Double[] {frame, temporal, fused};
  }

  private static Map<String, Figures> figures(List<Row> rows, List<Double[]> predictions) {
    Map<String, Figures> out = new LinkedHashMap<>();
    String[] columns = {"frame", "temporal", "fused"};
    for (int c = 0; c < columns.length; c++) {
      List<Metrics.Scored> scored = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (predictions.get(i)[c] != null) {
          scored.add(new Metrics.Scored(predictions.get(i)[c], rows.get(i).fake()));
        }
      }
      out.put(columns[c], new Figures(scored.size(), Metrics.auc(scored), scored.isEmpty() ? Double.NaN : Metrics.logLoss(scored)));
    }
    return out;
  }

  private static double logit(double p, double clip) {
    return ScoreFusion.clippedLogit(p, clip);
  }
}
