package io.fakewatch.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * One manifest entry: what a model is, where it comes from, and how to feed and read it. A
 * {@code benchmarkOnly} model (random weights: speed without meaning) is for {@code bench} only;
 * {@link ModelStore#requireServable} refuses it to {@code run} and {@code demo} unless allowed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSpec(
    String name,
    String version,
    String role,
    String file,
    String url,
    String sha256,
    long bytes,
    String license,
    Input input,
    Output output,
    String card,
    boolean benchmarkOnly) {

  public static final String FACE_DETECTOR = "face-detector";
  public static final String CLASSIFIER = "classifier";
  public static final String LANDMARKS = "landmarks";
  public static final String TEMPORAL_CLASSIFIER = "temporal-classifier";

  @com.fasterxml.jackson.annotation.JsonCreator
  public ModelSpec {
    Objects.requireNonNull(name, "model name");
    Objects.requireNonNull(file, "model " + name + ": file");
    Objects.requireNonNull(sha256, "model " + name + ": sha256");
    Objects.requireNonNull(input, "model " + name + ": input");
    Objects.requireNonNull(output, "model " + name + ": output");
  }

  /** An entry that serves (not benchmark-only). */
  public ModelSpec(String name, String version, String role, String file, String url, String sha256, long bytes,
      String license, Input input, Output output, String card) {
    this(name, version, role, file, url, sha256, bytes, license, input, output, card, false);
  }

  /** "name@version": what verdicts carry, so downstream can tell model versions apart. */
  public String id() {
    return name + "@" + version;
  }

  /**
   * Input tensor spec. A pixel value v of channel c becomes {@code (v * scale - mean[c]) / std[c]};
   * channels in {@code colour} order (RGB or BGR); layout NCHW or NHWC. A sequence model has layout NTC
   * (batch, time, features): {@code height} frames of {@code width} features, colour "none".
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(String name, String layout, int width, int height, boolean dynamic, String colour,
                      double scale, double[] mean, double[] std) {
    public boolean nchw() {
      return "NCHW".equalsIgnoreCase(layout);
    }

    /** A sequence input [N, T = height, C = width] rather than an image. */
    public boolean ntc() {
      return "NTC".equalsIgnoreCase(layout);
    }

    /** The rank the graph's input must have: 3 for a sequence, 4 for an image. */
    public int rank() {
      return ntc() ? 3 : 4;
    }

    public boolean bgr() {
      return "BGR".equalsIgnoreCase(colour);
    }
  }

  /** Output spec: for classifiers one of prob_real, prob_fake, logit_real, logit_fake. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Output(String name, String meaning) {}
}
