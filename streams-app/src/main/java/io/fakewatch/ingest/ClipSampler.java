package io.fakewatch.ingest;

/**
 * Picks K runs of L consecutive decoded frames for the temporal model while frames stream past in decode
 * order: the runs are centred in K equal slices of the video, so they spread over it like the sparse
 * frames and never overlap while the video has K·L frames. Frame numbers, not timestamps: LRNet reads
 * motion between neighbouring frames, so a clip must be consecutive frames at the video's own rate.
 */
public final class ClipSampler {
  private final int frames;
  private final int[] starts;

  /**
   * @param clips K clips wanted (0 turns clips off)
   * @param frames L frames per clip
   * @param totalFrames the video's frame count, estimated from the header; a video shorter than one clip gets none
   */
  public ClipSampler(int clips, int frames, long totalFrames) {
    this.frames = frames;
    if (clips <= 0 || totalFrames < frames) {
      starts = new int[0];
      return;
    }
    int count = (int) Math.min(clips, totalFrames / frames);
    starts = new int[count];
    for (int k = 0; k < count; k++) {
      long centre = (long) Math.floor((k + 0.5) * totalFrames / count);
      starts[k] = (int) Math.max(0, Math.min(totalFrames - frames, centre - frames / 2));
    }
  }

  public int clips() {
    return starts.length;
  }

  /** The clip that frame number {@code index} belongs to, or -1. */
  public int clipOf(int index) {
    for (int k = 0; k < starts.length; k++) {
      if (index >= starts[k] && index < starts[k] + frames) {
        return k;
      }
    }
    return -1;
  }

  public int start(int clip) {
    return starts[clip];
  }

  /** True once frame {@code index} is past the end of the last clip. */
  public boolean done(int index) {
    return starts.length == 0 || index >= starts[starts.length - 1] + frames;
  }
}
