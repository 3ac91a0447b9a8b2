package io.fakewatch.score;

import io.fakewatch.events.Abstention;
import io.fakewatch.events.BlockScore;
import io.fakewatch.events.LandmarkSequences;
import io.fakewatch.events.SequenceScores;
import io.fakewatch.events.TrackSequence;
import io.fakewatch.temporal.SequenceClassifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The score stage's temporal path: each track's landmark sequence is cut into LRNet blocks, every block of
 * the clip is scored in one batch, and each track that cannot be scored is listed with its reason, so the
 * verdict marks the temporal model as abstaining instead of counting a neutral 0.5.
 */
final class SequenceScoring {
  static final int BLOCK_FRAMES = io.fakewatch.temporal.LrnetBlocks.LENGTH;
  static final int VALUES_PER_FRAME = SequenceClassifier.FEATURES;

  private final SequenceClassifier classifier;

  /** @param classifier null when the temporal classifier is off in this stage */
  SequenceScoring(SequenceClassifier classifier) {
    this.classifier = classifier;
  }

  SequenceScores score(LandmarkSequences clip, long startedNanos) {
    List<BlockScore> blocks = new ArrayList<>();
    List<Abstention> abstentions = new ArrayList<>();
    List<float[]> inputs = new ArrayList<>();
    List<BlockScore.Builder> pending = new ArrayList<>();
    for (TrackSequence sequence : clip.getSequences()) {
      String reason = reason(sequence);
      if (reason != null) {
        abstentions.add(new Abstention(sequence.getTrackId(), reason));
        continue;
      }
      float[] values = toArray(sequence.getLandmarks());
      int frames = values.length / VALUES_PER_FRAME;
      for (int start : blockStarts(frames)) {
        float[] block = new float[BLOCK_FRAMES * VALUES_PER_FRAME];
        System.arraycopy(values, start * VALUES_PER_FRAME, block, 0, block.length);
        inputs.add(block);
        pending.add(block(sequence, start, frames).setClipIndex(clip.getClipIndex()));
      }
    }
    if (!inputs.isEmpty()) {
      SequenceClassifier.BlockResult[] results = classifier.score(inputs);
      for (int i = 0; i < results.length; i++) {
        List<Float> perModel = new ArrayList<>();
        for (float p : results[i].modelProbabilities()) {
          perModel.add(p);
        }
        blocks.add(pending.get(i).setFakeProbability(results[i].mix()).setModelProbabilities(perModel).build());
      }
    }
    Map<String, Long> timings = new HashMap<>(clip.getTimings());
    timings.put("score", (System.nanoTime() - startedNanos) / 1_000_000);
    return SequenceScores.newBuilder().setVideoId(clip.getVideoId()).setRequestedAt(clip.getRequestedAt())
        .setClipIndex(clip.getClipIndex()).setBlocks(blocks).setAbstentions(abstentions)
        .setModels(classifier == null ? List.of() : classifier.modelIds())
        .setProvider(classifier == null ? "none" : classifier.provider()).setTimings(timings).build();
  }

  private String reason(TrackSequence sequence) {
    if (classifier == null) {
      return "the temporal classifier is off in score (score.temporal.enabled=false)";
    }
    if (sequence.getLandmarks().isEmpty()) {
      return sequence.getAbstainReason() != null ? sequence.getAbstainReason() : "no landmark sequence";
    }
    int frames = sequence.getLandmarks().size() / VALUES_PER_FRAME;
    if (sequence.getLandmarks().size() % VALUES_PER_FRAME != 0) {
      return "malformed sequence: " + sequence.getLandmarks().size() + " values is not a whole number of frames";
    }
    if (blockStarts(frames).length == 0) {
      return "sequence of " + frames + " frames is shorter than one " + BLOCK_FRAMES + "-frame block";
    }
    return null;
  }

  /** LRNet's non-overlapping blocks from frame 0; a run shorter than a block gives none. */
  static int[] blockStarts(int frames) {
    return io.fakewatch.temporal.LrnetBlocks.starts(frames);
  }

  /** A block's frame and time range, the time interpolated inside the sequence (its frames are consecutive). */
  private static BlockScore.Builder block(TrackSequence sequence, int start, int frames) {
    int end = start + BLOCK_FRAMES - 1;
    double perFrame = frames > 1 ? (sequence.getEndMicros() - sequence.getStartMicros()) / (double) (frames - 1) : 0;
    return BlockScore.newBuilder().setTrackId(sequence.getTrackId())
        .setStartFrame(sequence.getStartFrame() + start).setEndFrame(sequence.getStartFrame() + end)
        .setStartMicros(sequence.getStartMicros() + Math.round(start * perFrame))
        .setEndMicros(sequence.getStartMicros() + Math.round(end * perFrame));
  }

  private static float[] toArray(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
