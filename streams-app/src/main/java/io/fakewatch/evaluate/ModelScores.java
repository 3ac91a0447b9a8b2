package io.fakewatch.evaluate;

import io.fakewatch.events.TrackSummary;
import io.fakewatch.events.VideoVerdict;
import java.util.function.Function;

/**
 * One video's score per model kind and fused, read from its verdict. Each kind's score is the one on the
 * track that decided the video (highest fusedScore), so per-model columns and the fused one describe the
 * same face; when that track has no score of the kind, the highest of the kind over all tracks; null when
 * the kind abstained on every track.
 */
public record ModelScores(Double frame, Double temporal, double fused) {
  public static ModelScores from(VideoVerdict verdict) {
    TrackSummary decider = null;
    for (TrackSummary track : verdict.getTracks()) {
      if (track.getFusedScore() != null && (decider == null || track.getFusedScore() > decider.getFusedScore())) {
        decider = track;
      }
    }
    return new ModelScores(kind(verdict, decider, TrackSummary::getFrameScore),
        kind(verdict, decider, TrackSummary::getTemporalScore), verdict.getProbability());
  }

  private static Double kind(VideoVerdict verdict, TrackSummary decider, Function<TrackSummary, Double> score) {
    if (decider != null && score.apply(decider) != null) {
      return score.apply(decider);
    }
    Double best = null;
    for (TrackSummary track : verdict.getTracks()) {
      Double s = score.apply(track);
      if (s != null && (best == null || s > best)) {
        best = s;
      }
    }
    return best;
  }
}
