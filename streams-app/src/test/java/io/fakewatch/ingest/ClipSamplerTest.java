package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClipSamplerTest {
  @Test
  void clipsSpreadFromTheFirstFrameToTheLastWithoutOverlap() {
    ClipSampler clips = new ClipSampler(4, 30, 300);
    // rint(k · (300 − 30) / 3)
    assertThat(IntStream.range(0, clips.clips()).map(clips::start)).containsExactly(0, 90, 180, 270);
    assertThat(clips.clipsOf(0)).containsExactly(0);
    assertThat(clips.clipsOf(29)).containsExactly(0);
    assertThat(clips.clipsOf(30)).isEmpty();
    assertThat(clips.clipsOf(299)).containsExactly(3);
    assertThat(clips.done(299)).isFalse();
    assertThat(clips.done(300)).isTrue();
  }

  @Test
  void aShortVideoGetsOverlappingClipsOrNone() {
    assertThat(new ClipSampler(4, 30, 29).clips()).isZero();
    assertThat(new ClipSampler(4, 30, 29).done(0)).isTrue();
    ClipSampler overlapping = new ClipSampler(4, 30, 60);
    assertThat(overlapping.clips()).isEqualTo(4);
    assertThat(overlapping.clipsOf(15)).isEqualTo(List.of(0, 1));
    assertThat(overlapping.start(3) + 30).isEqualTo(60);
    assertThat(new ClipSampler(0, 30, 3000).clips()).isZero();
  }
}
