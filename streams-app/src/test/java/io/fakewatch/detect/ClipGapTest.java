package io.fakewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.events.Frame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A clip must be consecutive frames: LRNet reads the motion between neighbours. */
class ClipGapTest {
  private static List<Frame> frames(int[] indexes, long[] micros) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < indexes.length; i++) {
      frames.add(Frame.newBuilder().setIndex(indexes[i]).setTimestampMicros(micros[i]).setWidth(1).setHeight(1)
          .setJpeg(ByteBuffer.allocate(0)).build());
    }
    return frames;
  }

  @Test
  void consecutiveFramesAtAnEvenRatePass() {
    assertThat(ClipLandmarks.gap(frames(new int[] {5, 6, 7, 8}, new long[] {200_000, 240_000, 280_000, 320_000}))).isNull();
  }

  @Test
  void aMissingFrameNumberOrATimeJumpIsAGap() {
    assertThat(ClipLandmarks.gap(frames(new int[] {5, 6, 8, 9}, new long[] {0, 40_000, 80_000, 120_000})))
        .contains("frame 8 follows 6");
    // the decoder dropped a frame: numbers consecutive, but 120 ms where 40 ms is the rule
    assertThat(ClipLandmarks.gap(frames(new int[] {5, 6, 7, 8}, new long[] {0, 40_000, 160_000, 200_000})))
        .contains("not consecutive in time");
    assertThat(ClipLandmarks.gap(frames(new int[] {5}, new long[] {0}))).contains("too short");
  }
}
