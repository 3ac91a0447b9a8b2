package io.fakewatch.verdict;

import io.fakewatch.events.BlockEvidence;
import io.fakewatch.events.BlockScore;
import io.fakewatch.events.FrameEvidence;
import io.fakewatch.events.ModelScore;
import io.fakewatch.events.TrackScores;
import io.fakewatch.events.TrackSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One track's evidence: each model's score (or why it abstained), the fused score, the per-frame timeline
 * and the temporal blocks. Pure: the decider hands in what the store gathered.
 */
final class TrackEvidence {
  static final String FRAME = "frame";
  static final String TEMPORAL = "temporal";

  private final AggregationRule rule;
  private final ScoreFusion fusion;

  TrackEvidence(AggregationRule rule, ScoreFusion fusion) {
    this.rule = rule;
    this.fusion = fusion;
  }

  /**
   * @param frameModels the frame classifiers' ids, in the order of {@code track.modelProbabilities}
   * @param blocks this track's temporal blocks (may be empty)
   * @param temporalAbsence why the temporal model has no block for this track (used when blocks is empty)
   */
  TrackSummary summarise(TrackScores track, List<String> frameModels, List<BlockScore> blocks, List<String> temporalModels,
                         String temporalAbsence) {
    int n = track.getProbabilities().size();
    Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingInt(i -> track.getFrames().get(i)))
        .toArray(Integer[]::new);
    double[] probabilities = track.getProbabilities().stream().mapToDouble(Float::doubleValue).toArray();
    var stats = java.util.Arrays.stream(probabilities).summaryStatistics();
    double frameScore = rule.videoProbability(List.of(probabilities));
    List<BlockScore> sorted = blocks.stream().sorted(Comparator.comparingInt(BlockScore::getStartFrame)).toList();
    Double temporalScore = sorted.isEmpty() ? null
        : sorted.stream().mapToDouble(BlockScore::getFakeProbability).average().orElseThrow();
    List<ModelScore> models = new ArrayList<>();
    models.add(ModelScore.newBuilder().setModel(String.join("+", frameModels)).setKind(FRAME).setScore(frameScore)
        .setSamples(n).setAbstained(false).build());
    models.add(ModelScore.newBuilder().setModel(String.join("+", temporalModels)).setKind(TEMPORAL).setScore(temporalScore)
        .setSamples(sorted.size()).setAbstained(temporalScore == null)
        .setReason(temporalScore == null ? temporalAbsence : null).build());
    List<FrameEvidence> timeline = new ArrayList<>(n);
    for (int i : order) {
      Double nearest = nearest(sorted, timestamp(track, i));
      timeline.add(FrameEvidence.newBuilder().setFrameIndex(track.getFrames().get(i)).setTimestampMicros(timestamp(track, i))
          .setFrameScore(probabilities[i]).setModelScores(modelScores(track, i, frameModels)).setTemporalScore(nearest)
          .setFusedScore(fusion.fuse(probabilities[i], nearest)).build());
    }
    return TrackSummary.newBuilder().setTrackId(track.getTrackId()).setFrames(n).setMean(stats.getAverage())
        .setMin(stats.getMin()).setMax(stats.getMax())
        .setFirstFrame(timeline.get(0).getFrameIndex()).setLastFrame(timeline.get(n - 1).getFrameIndex())
        .setFrameScore(frameScore).setTemporalScore(temporalScore).setFusedScore(fusion.fuse(frameScore, temporalScore))
        .setModels(models).setTimeline(timeline).setBlocks(sorted.stream().map(b -> evidence(b, temporalModels)).toList())
        .build();
  }

  private static long timestamp(TrackScores track, int i) {
    return i < track.getTimestamps().size() ? track.getTimestamps().get(i) : 0L;
  }

  /** The probability of the block nearest in time to {@code micros}: the temporal model's local judgement. */
  private static Double nearest(List<BlockScore> blocks, long micros) {
    BlockScore best = null;
    long bestDistance = Long.MAX_VALUE;
    for (BlockScore block : blocks) {
      long distance = micros < block.getStartMicros() ? block.getStartMicros() - micros
          : micros > block.getEndMicros() ? micros - block.getEndMicros() : 0;
      if (distance < bestDistance) {
        best = block;
        bestDistance = distance;
      }
    }
    return best == null ? null : (double) best.getFakeProbability();
  }

  private static Map<String, Double> modelScores(TrackScores track, int i, List<String> frameModels) {
    Map<String, Double> scores = new HashMap<>();
    int m = frameModels.size();
    for (int k = 0; k < m && (i + 1) * m <= track.getModelProbabilities().size(); k++) {
      scores.put(frameModels.get(k), (double) track.getModelProbabilities().get(i * m + k));
    }
    return scores;
  }

  /** Temporal model ids name the landmark model first in the verdict; per-block scores are the classifiers'. */
  private static BlockEvidence evidence(BlockScore block, List<String> temporalModels) {
    Map<String, Double> scores = new HashMap<>();
    for (int k = 0; k < block.getModelProbabilities().size() && k < temporalModels.size(); k++) {
      scores.put(temporalModels.get(k), (double) block.getModelProbabilities().get(k));
    }
    return BlockEvidence.newBuilder().setClipIndex(block.getClipIndex()).setStartFrame(block.getStartFrame())
        .setEndFrame(block.getEndFrame()).setStartMicros(block.getStartMicros()).setEndMicros(block.getEndMicros())
        .setProbability(block.getFakeProbability()).setModelScores(scores).build();
  }
}
