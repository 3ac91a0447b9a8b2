package io.fakewatch.ingest;

/**
 * Which packets the decode may leave out: the H.264 pictures no other picture references (nal_ref_idc 0) that
 * are neither sampled nor in a clip. Worked out before decoding, from the packets' presentation times: the
 * sampler is replayed over the frames in time order (frame of rank r at {@code sortedPts[r]}), as the decode
 * loop would meet them, and the clips are frame ranks already. Leaving such a picture out changes no other
 * picture's pixels, so the frames that are kept decode bit for bit as in a full decode.
 *
 * <p>A plan exists only where the index makes each frame's rank certain: times on every packet, no two alike.
 * The decode checks every picture the decoder gives against it ({@link #check}); the first that disagrees
 * ends the plan, and the video is decoded again in full.
 */
final class DecodePlan {
  private final PacketIndex index;
  private final boolean[] dropsRank;  // by presentation rank
  private final boolean[] drops;      // by decode-order position
  private final int dropped;

  private DecodePlan(PacketIndex index, boolean[] dropsRank, boolean[] drops, int dropped) {
    this.index = index;
    this.dropsRank = dropsRank;
    this.drops = drops;
    this.dropped = dropped;
  }

  /**
   * The plan for {@code frames} sampled over {@code durationMicros} and the clips of {@code clips}; null when the
   * index is missing or not certain, or nothing could be left out (a stream without disposable pictures).
   */
  static DecodePlan of(PacketIndex index, int frames, long durationMicros, ClipSampler clips) {
    if (index == null || index.size() == 0 || !index.distinctTimes()) {
      return null;
    }
    int n = index.size();
    boolean[] needed = new boolean[n];
    FrameSampler sampler = new FrameSampler(frames, durationMicros);
    long start = index.micros(index.sortedPts[0]);
    for (int r = 0; r < n; r++) {
      needed[r] = sampler.take(index.micros(index.sortedPts[r]) - start) | !clips.clipsOf(r).isEmpty();
    }
    boolean[] dropsRank = new boolean[n];
    boolean[] drops = new boolean[n];
    int dropped = 0;
    for (int p = 0; p < n; p++) {
      int r = index.rank(index.pts[p]);
      if (index.disposable[p] && !needed[r]) {
        drops[p] = dropsRank[r] = true;
        dropped++;
      }
    }
    return dropped == 0 ? null : new DecodePlan(index, dropsRank, drops, dropped);
  }

  /** Whether the packet at decode-order position {@code position} is left out. */
  boolean drops(int position) {
    return position < drops.length && drops[position];
  }

  int dropped() {
    return dropped;
  }

  int frames() {
    return dropsRank.length;
  }

  /**
   * The rank of the picture the decoder gave with presentation time {@code pts}, after the picture of rank
   * {@code previous} (-1 before the first): the frame index a full decode would give it. -1 when the plan does
   * not account for it — a time not in the index, out of order, or frames between them that should have come.
   */
  int check(long pts, int previous) {
    int rank = index.rank(pts);
    return rank > previous && onlyDroppedBetween(previous, rank) ? rank : -1;
  }

  /** True when every rank after {@code previous} and before {@code next} was left out by the plan. */
  boolean onlyDroppedBetween(int previous, int next) {
    for (int r = previous + 1; r < next; r++) {
      if (!dropsRank[r]) {
        return false;
      }
    }
    return true;
  }

  long micros(long pts) {
    return index.micros(pts);
  }
}
