package io.fakewatch.temporal;

import java.util.List;

/**
 * A classifier of landmark sequences. The caller passes blocks of {@link #FRAMES} normalised frames of
 * {@link #FEATURES} values (x0, y0, … x67, y67, row-major); everything the models need beyond that (the
 * frame-to-frame differences, the mix of the models) happens inside, so callers cannot get it wrong.
 */
public interface SequenceClassifier extends AutoCloseable {
  int FRAMES = 30;
  int LANDMARKS = 68;
  int FEATURES = 2 * LANDMARKS;

  /** name@version of each model, in the order of {@link BlockResult#modelProbabilities()}. */
  List<String> modelIds();

  /** "cuda" when every model runs on CUDA, else "cpu". */
  String provider();

  /** One result per block, in order; an empty list gives an empty array. */
  BlockResult[] score(List<float[]> blocks);

  @Override
  void close();

  /**
   * A block's FAKE probability: {@code mix} is the mean of the models' FAKE probabilities (LRNet's
   * (g1 + g2) / 2); {@code modelProbabilities} holds each model's own, in {@link #modelIds()} order.
   */
  record BlockResult(float mix, float[] modelProbabilities) {}
}
