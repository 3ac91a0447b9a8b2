package io.fakewatch.score;

import java.util.List;

/** Scores face crops: one FAKE logit per crop (NaN for a crop that cannot be decoded). */
public interface CropClassifier extends AutoCloseable {
  /** "name@version" of every model that contributes. */
  List<String> modelIds();

  /** "cuda" or "cpu". */
  String provider();

  float[] fakeLogits(List<byte[]> jpegCrops);

  @Override
  default void close() {}
}
