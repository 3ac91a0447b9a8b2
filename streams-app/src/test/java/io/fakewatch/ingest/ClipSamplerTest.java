package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClipSamplerTest {
  @Test
  void clipsAreCentredInEqualSlicesWithoutOverlap() {
    ClipSampler clips = new ClipSampler(4, 30, 300);
    // slices of 75 frames centred at 37, 112, 187, 262
    assertThat(IntStream.range(0, clips.clips()).map(clips::start)).containsExactly(22, 97, 172, 247);
    assertThat(clips.clipOf(21)).isEqualTo(-1);
    assertThat(clips.clipOf(22)).isEqualTo(0);
    assertThat(clips.clipOf(51)).isEqualTo(0);
    assertThat(clips.clipOf(52)).isEqualTo(-1);
    assertThat(clips.clipOf(276)).isEqualTo(3);
    assertThat(clips.done(276)).isFalse();
    assertThat(clips.done(277)).isTrue();
  }

  @Test
  void aShortVideoGetsFewerClipsOrNone() {
    assertThat(new ClipSampler(4, 30, 29).clips()).isZero();
    assertThat(new ClipSampler(4, 30, 29).done(0)).isTrue();
    ClipSampler two = new ClipSampler(4, 30, 75);
    assertThat(two.clips()).isEqualTo(2);
    assertThat(two.start(0) + 30).isLessThanOrEqualTo(two.start(1));
    assertThat(two.start(1) + 30).isLessThanOrEqualTo(75);
    ClipSampler exact = new ClipSampler(1, 30, 30);
    assertThat(exact.start(0)).isZero();
    assertThat(new ClipSampler(0, 30, 3000).clips()).isZero();
  }
}
