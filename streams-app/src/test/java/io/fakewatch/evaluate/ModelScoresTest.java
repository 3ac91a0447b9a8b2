package io.fakewatch.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.events.Label;
import io.fakewatch.events.Status;
import io.fakewatch.events.TrackSummary;
import io.fakewatch.events.VideoVerdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelScoresTest {
  static TrackSummary track(int id, Double frame, Double temporal, Double fused) {
    return TrackSummary.newBuilder().setTrackId(id).setFrames(10).setMean(0).setMin(0).setMax(0).setFirstFrame(0)
        .setLastFrame(9).setFrameScore(frame).setTemporalScore(temporal).setFusedScore(fused).build();
  }

  static VideoVerdict verdict(double probability, TrackSummary... tracks) {
    return VideoVerdict.newBuilder().setVideoId("v").setUri("file:///v.mp4").setLabel(Label.FAKE)
        .setProbability(probability).setStatus(Status.OK).setTracks(List.of(tracks))
        .setRequestedAt(Instant.EPOCH).setDecidedAt(Instant.EPOCH).build();
  }

  @Test
  void eachKindIsReadOnTheTrackWithTheHighestFusedScore() {
    ModelScores s = ModelScores.from(verdict(0.8, track(0, 0.9, 0.1, 0.4), track(1, 0.3, 0.7, 0.8)));
    assertThat(s.frame()).isEqualTo(0.3);
    assertThat(s.temporal()).isEqualTo(0.7);
    assertThat(s.fused()).isEqualTo(0.8);
  }

  @Test
  void aKindMissingOnTheDecidingTrackFallsBackToItsMaxOverTracks() {
    ModelScores s = ModelScores.from(verdict(0.6, track(0, 0.2, 0.5, 0.3), track(1, 0.6, null, 0.6), track(2, 0.1, 0.4, null)));
    assertThat(s.frame()).isEqualTo(0.6);
    assertThat(s.temporal()).isEqualTo(0.5);
  }

  @Test
  void aKindThatAbstainedEverywhereIsNullNotHalf() {
    ModelScores s = ModelScores.from(verdict(0.9, track(0, 0.9, null, 0.9), track(1, 0.2, null, 0.2)));
    assertThat(s.temporal()).isNull();
    assertThat(s.frame()).isEqualTo(0.9);
    assertThat(ModelScores.from(verdict(0.5)).frame()).isNull();
  }
}
