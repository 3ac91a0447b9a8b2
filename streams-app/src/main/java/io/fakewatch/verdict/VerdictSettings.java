package io.fakewatch.verdict;

import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** The verdict stage's keys: aggregation rule, calibration, and the TIMEOUT deadline. */
public record VerdictSettings(
    String aggregation,
    double confidentThreshold,
    int confidentMinFakes,
    double calibrationGain,
    double clipEpsilon,
    double fakeThreshold,
    Duration timeout,
    Duration checkInterval,
    Duration retention,
    List<Double> fusionWeights,
    String calibrationFile,
    double segmentThreshold) {

  public static final String AGGREGATION = "verdict.aggregation";
  public static final String CONFIDENT_THRESHOLD = "verdict.confident.threshold";
  public static final String CONFIDENT_MIN_FAKES = "verdict.confident.min.fakes";
  public static final String CALIBRATION_GAIN = "verdict.calibration.gain";
  public static final String CLIP_EPSILON = "verdict.clip.epsilon";
  public static final String FAKE_THRESHOLD = "verdict.fake.threshold";
  public static final String TIMEOUT_MS = "verdict.timeout.ms";
  public static final String CHECK_INTERVAL_MS = "verdict.check.interval.ms";
  public static final String RETENTION_MS = "verdict.retention.ms";
  public static final String FUSION_WEIGHTS = "verdict.fusion.weights";
  public static final String CALIBRATION_FILE = "verdict.calibration.file";
  public static final String SEGMENT_THRESHOLD = "verdict.segment.threshold";

  public static void define(ConfigDef def) {
    def.define(AGGREGATION, Type.STRING, MeanMaxRule.NAME, ValidString.in(MeanMaxRule.NAME, ConfidentStrategyRule.NAME),
            MEDIUM, "How frame probabilities become a video probability: mean-max (mean per track, max over tracks) "
                + "or confident (DFDC 1st place: when many frames are confidently fake, average only those)")
        .define(CONFIDENT_THRESHOLD, Type.DOUBLE, 0.8, Range.between(0.5, 1.0), LOW,
            "confident rule: a frame above this is confidently fake")
        .define(CONFIDENT_MIN_FAKES, Type.INT, 11, Range.atLeast(1), LOW,
            "confident rule: at least this many confident fakes (and more than 1/2.5 of the frames) are needed")
        .define(CALIBRATION_GAIN, Type.DOUBLE, 1.0, Range.between(0.01, 100), MEDIUM,
            "Sigmoid gain s: the video probability becomes sigmoid(s * logit(p))")
        .define(CLIP_EPSILON, Type.DOUBLE, 0.005, Range.between(0.0, 0.49), MEDIUM,
            "Probabilities are clipped to [eps, 1 - eps] (a wrong confident answer costs a bounded log loss)")
        .define(FAKE_THRESHOLD, Type.DOUBLE, 0.5, Range.between(0.0, 1.0), MEDIUM,
            "A video with probability at or above this is labelled FAKE, else REAL")
        .define(TIMEOUT_MS, Type.LONG, 600_000L, Range.atLeast(1_000), MEDIUM,
            "A video with no complete set of scores this long after its request gets a TIMEOUT verdict (wall clock)")
        .define(CHECK_INTERVAL_MS, Type.LONG, 2_000L, Range.atLeast(100), LOW,
            "How often the deadline punctuator looks for overdue videos")
        .define(RETENTION_MS, Type.LONG, 3_600_000L, Range.atLeast(1_000), LOW,
            "How long a decided video is remembered, so late scores are counted and dropped, not re-decided")
        .define(FUSION_WEIGHTS, Type.LIST, "1,1", MEDIUM,
            "Weights of the frame classifier and the temporal classifier in a track's weighted mean of logits;"
                + " a model that abstains drops out (equal by default: no labelled data here to prefer one; fit them"
                + " with evaluate --fit-calibration)")
        .define(CALIBRATION_FILE, Type.STRING, "", MEDIUM,
            "A calibration written by evaluate --fit-calibration (Platt per model and fusion weights); empty: the"
                + " weights above and the sigmoid gain. Refused at start when fitted for other models")
        .define(SEGMENT_THRESHOLD, Type.DOUBLE, 0.5, Range.between(0.0, 1.0), MEDIUM,
            "A verdict's segments are the time ranges where a track's fused frame score stays at or above this");
  }

  public static VerdictSettings from(FakeWatchConfig config) {
    return new VerdictSettings(
        config.getString(AGGREGATION),
        config.getDouble(CONFIDENT_THRESHOLD),
        config.getInt(CONFIDENT_MIN_FAKES),
        config.getDouble(CALIBRATION_GAIN),
        config.getDouble(CLIP_EPSILON),
        config.getDouble(FAKE_THRESHOLD),
        Duration.ofMillis(config.getLong(TIMEOUT_MS)),
        Duration.ofMillis(config.getLong(CHECK_INTERVAL_MS)),
        Duration.ofMillis(config.getLong(RETENTION_MS)),
        config.getList(FUSION_WEIGHTS).stream().map(String::strip).map(VerdictSettings::weight).toList(),
        config.getString(CALIBRATION_FILE),
        config.getDouble(SEGMENT_THRESHOLD));
  }

  private static double weight(String text) {
    try {
      double w = Double.parseDouble(text);
      if (w >= 0 && Double.isFinite(w)) {
        return w;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new org.apache.kafka.common.config.ConfigException(FUSION_WEIGHTS, text, "weights are numbers ≥ 0");
  }

  public VerdictSettings {
    if (fusionWeights.size() != 2 || fusionWeights.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      throw new org.apache.kafka.common.config.ConfigException(FUSION_WEIGHTS, fusionWeights,
          "two weights (frame, temporal), not both 0");
    }
  }

  /** The fusion without a fitted calibration file: the weighted logit mean and the sigmoid gain. */
  public ScoreFusion defaultFusion() {
    return new LogitMeanFusion(fusionWeights.get(0), fusionWeights.get(1), calibration());
  }

  public AggregationRule rule() {
    return aggregation.equals(ConfidentStrategyRule.NAME)
        ? new ConfidentStrategyRule(confidentThreshold, confidentMinFakes)
        : new MeanMaxRule();
  }

  public Calibration calibration() {
    return new Calibration(calibrationGain, clipEpsilon);
  }
}
