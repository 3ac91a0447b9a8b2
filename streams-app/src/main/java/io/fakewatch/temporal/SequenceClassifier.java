package io.fakewatch.temporal;

import java.util.List;

/** Scores 30-frame blocks of normalised landmarks (placeholder until the LRNet branch lands). */
public interface SequenceClassifier extends AutoCloseable {
  List<String> modelIds();

  String provider();

  BlockResult[] score(List<float[]> g1Blocks);

  record BlockResult(float mix, float[] modelProbabilities) {}

  @Override
  default void close() {}
}
