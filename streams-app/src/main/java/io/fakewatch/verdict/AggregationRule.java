package io.fakewatch.verdict;

import java.util.List;

/** Turns the FAKE probabilities of a video's kept tracks into one video probability. */
public interface AggregationRule {
  String name();

  /** @param tracks one list of frame probabilities per kept track; none is empty */
  double videoProbability(List<double[]> tracks);
}
