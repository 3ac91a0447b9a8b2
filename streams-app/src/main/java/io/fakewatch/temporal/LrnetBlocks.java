package io.fakewatch.temporal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Step 7: LRNet's non-overlapping 30-frame blocks of a normalised sequence, and the two networks' inputs.
 * The authors start blocks at {@code range(0, N − 30, 30)}, which skips a last block ending exactly at N;
 * a sequence of 30..60 frames still gives its one block (the prototype's 4 × 30-frame clips gave one block
 * each), so the count is max(1, ⌈(N − 30)/30⌉) for N ≥ 30 and none below.
 */
public final class LrnetBlocks {
  public static final int LENGTH = 30;

  private LrnetBlocks() {}

  /** Block start frames for a sequence of {@code frames} rows. */
  public static int[] starts(int frames) {
    if (frames < LENGTH) {
      return new int[0];
    }
    int count = Math.max(1, (frames - LENGTH + LENGTH - 1) / LENGTH);
    int[] starts = new int[count];
    for (int b = 0; b < count; b++) {
      starts[b] = b * LENGTH;
    }
    return starts;
  }

  /** The blocks (30 × 136 each, copies) of a normalised sequence. */
  public static List<float[][]> blocks(float[][] sequence) {
    List<float[][]> blocks = new ArrayList<>();
    for (int start : starts(sequence.length)) {
      float[][] block = new float[LENGTH][];
      for (int t = 0; t < LENGTH; t++) {
        block[t] = sequence[start + t].clone();
      }
      blocks.add(block);
    }
    return blocks;
  }

  /** g1 reads the positions: the block itself (30 × 136). */
  public static float[][] g1Input(float[][] block) {
    return Arrays.stream(block).map(float[]::clone).toArray(float[][]::new);
  }

  /** g2 reads the 29 frame-to-frame differences v[t+1] − v[t] inside the block. */
  public static float[][] g2Input(float[][] block) {
    float[][] out = new float[block.length - 1][];
    for (int t = 0; t + 1 < block.length; t++) {
      out[t] = new float[block[t].length];
      for (int j = 0; j < block[t].length; j++) {
        out[t][j] = block[t + 1][j] - block[t][j];
      }
    }
    return out;
  }
}
