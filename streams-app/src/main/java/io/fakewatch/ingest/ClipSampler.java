package io.fakewatch.ingest;

import io.fakewatch.temporal.ClipSampling;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks K runs of L consecutive decoded frames for the temporal model while frames stream past in decode
 * order, placed by {@link ClipSampling} (first clip at frame 0, last ending at the last frame, the others
 * evenly between, as the temporal model's reference did). Frame numbers, not timestamps: LRNet reads motion
 * between neighbouring frames, so a clip must be consecutive frames at the video's own rate.
 */
public final class ClipSampler {
  private final int frames;
  private final int[] starts;

  /**
   * @param clips K clips wanted (0 turns clips off)
   * @param frames L frames per clip
   * @param totalFrames the video's frame count, from the header; a video shorter than one clip gets none
   */
  public ClipSampler(int clips, int frames, long totalFrames) {
    this.frames = frames;
    this.starts = clips <= 0 || totalFrames < frames ? new int[0]
        : ClipSampling.starts((int) Math.min(Integer.MAX_VALUE, totalFrames), clips, frames);
  }

  public int clips() {
    return starts.length;
  }

  /** The clips that frame number {@code index} belongs to (two where a short video's clips overlap). */
  public List<Integer> clipsOf(int index) {
    List<Integer> clips = new ArrayList<>(1);
    for (int k = 0; k < starts.length; k++) {
      if (index >= starts[k] && index < starts[k] + frames) {
        clips.add(k);
      }
    }
    return clips;
  }

  public int start(int clip) {
    return starts[clip];
  }

  /** True once frame {@code index} is past the end of the last clip. */
  public boolean done(int index) {
    return starts.length == 0 || index >= starts[starts.length - 1] + frames;
  }
}
