package io.fakewatch.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.temporal.ClipSampling.Placement;
import org.junit.jupiter.api.Test;

class ClipSamplingTest {
  @Test
  void spreadStartsAtZeroEndsAtTheLastFrameAndSpacesEvenly() {
    assertThat(ClipSampling.starts(300, 4, 30)).containsExactly(0, 90, 180, 270);
    assertThat(ClipSampling.starts(338, 4, 30)).containsExactly(0, 103, 205, 308);
    assertThat(ClipSampling.starts(751, 4, 30)).containsExactly(0, 240, 481, 721);
    assertThat(ClipSampling.starts(120, 4, 30)).containsExactly(0, 30, 60, 90);
  }

  @Test
  void centredPutsEachClipInTheMiddleOfItsSlice() {
    assertThat(ClipSampling.starts(300, 4, 30, Placement.CENTRED)).containsExactly(22, 97, 172, 247);
    assertThat(ClipSampling.starts(120, 4, 30, Placement.CENTRED)).containsExactly(0, 30, 60, 90);
  }

  @Test
  void clipsStayInsideTheVideoAndDoNotOverlapWhenTheyFit() {
    for (Placement placement : Placement.values()) {
      for (int n = 120; n < 2000; n += 7) {
        int[] starts = ClipSampling.starts(n, 4, 30, placement);
        assertThat(starts).hasSize(4);
        for (int k = 0; k < 4; k++) {
          assertThat(starts[k]).isBetween(0, n - 30);
          if (k > 0) {
            assertThat(starts[k] - starts[k - 1]).as("%s N=%d", placement, n).isGreaterThanOrEqualTo(30);
          }
        }
      }
    }
  }

  @Test
  void aShortVideoGivesOverlappingClipsAndOneShorterThanAClipGivesNone() {
    assertThat(ClipSampling.starts(29, 4, 30)).isEmpty();
    assertThat(ClipSampling.starts(30, 4, 30)).containsExactly(0, 0, 0, 0);
    int[] starts = ClipSampling.starts(60, 4, 30);
    assertThat(starts).containsExactly(0, 10, 20, 30);
    assertThat(ClipSampling.starts(100, 1, 30)).containsExactly(35);
  }
}
