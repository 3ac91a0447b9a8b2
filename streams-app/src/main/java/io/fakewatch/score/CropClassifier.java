package io.fakewatch.score;

import java.util.List;

/** Scores face crops: one FAKE logit per crop (NaN for a crop that cannot be decoded). */
public interface CropClassifier extends AutoCloseable {
  /** "name@version" of every model that contributes. */
  List<String> modelIds();

  /** "cuda" or "cpu". */
  String provider();

  float[] fakeLogits(List<byte[]> jpegCrops);

  /** Each crop's ensemble FAKE logit and each model's own logit ({@code perModel[crop][model]}, models in id order). */
  record Scores(float[] ensemble, float[][] perModel) {}

  /** The ensemble's logits with each model's own; a classifier of one model gives its logit once. */
  default Scores scores(List<byte[]> jpegCrops) {
    float[] ensemble = fakeLogits(jpegCrops);
    float[][] perModel = new float[ensemble.length][];
    for (int i = 0; i < ensemble.length; i++) {
      perModel[i] = new float[] {ensemble[i]};
    }
    return new Scores(ensemble, perModel);
  }

  @Override
  default void close() {}
}
