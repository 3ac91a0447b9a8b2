package io.fakewatch.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fitted calibration: which models it was fitted on (name@version, an ensemble's ids joined by "+"), the
 * Platt scaling of each model's logit, and the joint logistic regression over both logits. Written by
 * {@code evaluate --fit-calibration}, read by the verdict stage; its id names the file and its content hash,
 * so a verdict says exactly which fit decided it.
 */
public record CalibrationFile(String name, String sha256, Parameters parameters) {
  public static final String FORMAT = "fakewatch-calibration/1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** p = sigmoid(a · logit(p_model) + b). */
  public record Platt(double a, double b) {
    public double apply(double logit) {
      return ScoreFusion.sigmoid(a * logit + b);
    }
  }

  /** p = sigmoid(intercept + frame · logit(p_frame) + temporal · logit(p_temporal)). */
  public record Joint(double intercept, double frame, double temporal) {
    public double apply(double frameLogit, double temporalLogit) {
      return ScoreFusion.sigmoid(intercept + frame * frameLogit + temporal * temporalLogit);
    }
  }

  /** Everything a fit produces; {@code clip} bounds the probabilities before their logits, in fit and use alike. */
  public record Parameters(String frameModel, String temporalModel, double clip, double lambda, int videos,
                           Platt frame, Platt temporal, Joint joint) {
    /** Both present: the joint model; one present: that model's Platt scaling. */
    public double predict(Double frameProbability, Double temporalProbability) {
      ScoreFusion.requireOne(frameProbability, temporalProbability);
      if (frameProbability != null && temporalProbability != null) {
        return joint.apply(ScoreFusion.clippedLogit(frameProbability, clip), ScoreFusion.clippedLogit(temporalProbability, clip));
      }
      return frameProbability != null ? frame.apply(ScoreFusion.clippedLogit(frameProbability, clip))
          : temporal.apply(ScoreFusion.clippedLogit(temporalProbability, clip));
    }
  }

  /** "fitted:&lt;file name&gt;:&lt;first 12 hex of its sha256&gt;". */
  public String id() {
    return "fitted:" + name + ":" + sha256.substring(0, 12);
  }

  /** Throws unless the file was fitted on exactly these models: another model's logits mean something else. */
  public void checkModels(String frameModelId, String temporalModelId) {
    if (!parameters.frameModel().equals(frameModelId) || !parameters.temporalModel().equals(temporalModelId)) {
      throw new IllegalArgumentException("calibration file " + name + " was fitted on frame model '"
          + parameters.frameModel() + "' and temporal model '" + parameters.temporalModel() + "', but this stage runs '"
          + frameModelId + "' and '" + temporalModelId + "'; fit it again with evaluate --fit-calibration");
    }
  }

  public static CalibrationFile read(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read calibration file " + path, e);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("calibration file " + path + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("calibration file " + path + " is not a JSON object");
    }
    String format = root.path("format").asText("");
    if (!format.equals(FORMAT)) {
      throw new IllegalArgumentException("calibration file " + path + ": format is '" + format + "', expected '" + FORMAT + "'");
    }
    Parameters parameters = new Parameters(text(root, "frameModel", path), text(root, "temporalModel", path),
        number(root, "clip", path), number(root, "lambda", path), (int) number(root, "videos", path),
        new Platt(number(root, "platt.frame.a", path), number(root, "platt.frame.b", path)),
        new Platt(number(root, "platt.temporal.a", path), number(root, "platt.temporal.b", path)),
        new Joint(number(root, "joint.intercept", path), number(root, "joint.frame", path), number(root, "joint.temporal", path)));
    if (!(parameters.clip() > 0 && parameters.clip() < 0.5)) {
      throw new IllegalArgumentException("calibration file " + path + ": clip " + parameters.clip() + " is not in (0, 0.5)");
    }
    return new CalibrationFile(path.getFileName().toString(), sha256(bytes), parameters);
  }

  /** Writes the parameters (and {@code figures}, for people: the fit's in-sample and leave-one-out metrics). */
  public static void write(Path path, Parameters p, JsonNode figures) throws IOException {
    ObjectNode root = MAPPER.createObjectNode().put("format", FORMAT)
        .put("frameModel", p.frameModel()).put("temporalModel", p.temporalModel())
        .put("clip", p.clip()).put("lambda", p.lambda()).put("videos", p.videos());
    ObjectNode platt = root.putObject("platt");
    platt.putObject("frame").put("a", p.frame().a()).put("b", p.frame().b());
    platt.putObject("temporal").put("a", p.temporal().a()).put("b", p.temporal().b());
    root.putObject("joint").put("intercept", p.joint().intercept()).put("frame", p.joint().frame())
        .put("temporal", p.joint().temporal());
    if (figures != null) {
      root.set("figures", figures);
    }
    if (path.toAbsolutePath().getParent() != null) {
      Files.createDirectories(path.toAbsolutePath().getParent());
    }
    Files.writeString(path, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  private static JsonNode at(JsonNode root, String dotted) {
    JsonNode node = root;
    for (String part : dotted.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  private static String text(JsonNode root, String field, Path path) {
    JsonNode node = at(root, field);
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new IllegalArgumentException("calibration file " + path + ": '" + field + "' is missing or not a string");
    }
    return node.asText();
  }

  private static double number(JsonNode root, String field, Path path) {
    JsonNode node = at(root, field);
    if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
      throw new IllegalArgumentException("calibration file " + path + ": '" + field + "' is missing or not a finite number");
    }
    return node.asDouble();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
