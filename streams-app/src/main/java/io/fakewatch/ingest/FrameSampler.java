package io.fakewatch.ingest;

/**
 * Picks N frames evenly spaced in time while frames stream past in decode order: the starts of N
 * equal slices of the duration (so the first frame is always among them). Timestamps, not frame numbers, so variable frame rate is sampled evenly;
 * a frame is taken once even when a gap makes it the nearest to several targets, and a video with fewer
 * frames than N gives all of its frames.
 */
public final class FrameSampler {
  private final long[] targets;
  private int next;

  /** @param durationMicros the video's duration; unknown (≤ 0) takes the first N frames */
  public FrameSampler(int frames, long durationMicros) {
    targets = new long[frames];
    for (int i = 0; i < frames; i++) {
      targets[i] = durationMicros > 0 ? (long) ((double) i * durationMicros / frames) : Long.MIN_VALUE;
    }
  }

  /** Whether the frame at this presentation time (micros from the start) is one to keep. */
  public boolean take(long timestampMicros) {
    if (next >= targets.length || timestampMicros < targets[next]) {
      return false;
    }
    while (next < targets.length && targets[next] <= timestampMicros) {
      next++;
    }
    return true;
  }

  public boolean done() {
    return next >= targets.length;
  }
}
