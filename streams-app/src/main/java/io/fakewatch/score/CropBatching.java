package io.fakewatch.score;

import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Batching across records in score: crops of several FaceCrops records (several videos) are gathered up to
 * {@code maxCrops} or for at most {@code lingerMs}, then classified as one batch. {@code lingerMs} 0 turns
 * gathering off: each record is one batch, as before. {@code maxCrops} also caps every inference run, so a
 * record larger than it is classified in runs of at most that many crops (the worst case a stream thread
 * blocks for stays bounded by the largest batch on the slowest device).
 *
 * <p>Defaults: 32 crops (one DFDC video's worth, where a GPU's throughput per crop has mostly levelled off),
 * at most 4 when the classifier runs on CPU ({@code score.batch.max.cpu}: ONNX Runtime's arena keeps the largest
 * run's activations — EfficientNet-B4: about 100 MB a crop in the arena — while CPU throughput per crop does not
 * grow with the batch), and 100 ms, which adds at most about a tenth of a second to a verdict that takes
 * seconds, while several videos in flight fill a batch long before it.
 */
public record CropBatching(int maxCrops, long lingerMs) {
  public static final String MAX = "score.batch.max";
  public static final String MAX_CPU = "score.batch.max.cpu";
  public static final String LINGER_MS = "score.batch.linger.ms";

  public CropBatching {
    if (maxCrops < 1) {
      throw new IllegalArgumentException(MAX + " must be at least 1");
    }
    if (lingerMs < 0) {
      throw new IllegalArgumentException(LINGER_MS + " must not be negative");
    }
  }

  /** No gathering: each record is scored on arrival (runs still capped at {@code maxCrops}). */
  public static CropBatching perRecord(int maxCrops) {
    return new CropBatching(maxCrops, 0);
  }

  public boolean gathers() {
    return lingerMs > 0;
  }

  /** How often the wall-clock punctuator looks for a batch that waited long enough: half the linger. */
  public long punctuateEveryMs() {
    return Math.max(1, lingerMs / 2);
  }

  static void define(ConfigDef def) {
    def.define(MAX, Type.INT, 32, Range.between(1, 4096), MEDIUM,
            "Most crops in one classifier batch: gathered across FaceCrops records until this many, and the cap "
                + "of every inference run")
        .define(MAX_CPU, Type.INT, 4, Range.between(1, 4096), MEDIUM,
            "Most crops in one classifier batch when the classifier runs on CPU (the smaller of this and " + MAX
                + " applies): ONNX Runtime's CPU arena keeps the largest run's activations (EfficientNet-B4: 0.4 GB "
                + "at 4, 2.2 GB at 32) while CPU throughput per crop does not grow with the batch (docs/benchmarks.md, Memory)")
        .define(LINGER_MS, Type.LONG, 100L, Range.between(0L, 60_000L), MEDIUM,
            "Longest a gathered crop waits for its batch to fill (a wall-clock punctuator flushes it); 0 scores "
                + "each record on arrival, with no gathering");
  }

  /** As configured, for a classifier on a GPU: {@code score.batch.max} crops. */
  public static CropBatching from(FakeWatchConfig config) {
    return new CropBatching(config.getInt(MAX), config.getLong(LINGER_MS));
  }

  /** For a classifier running on {@code provider} ("cuda" or "cpu"): on CPU also capped at {@code score.batch.max.cpu}. */
  public static CropBatching from(FakeWatchConfig config, String provider) {
    CropBatching configured = from(config);
    return "cuda".equals(provider) ? configured
        : new CropBatching(Math.min(configured.maxCrops(), config.getInt(MAX_CPU)), configured.lingerMs());
  }
}
