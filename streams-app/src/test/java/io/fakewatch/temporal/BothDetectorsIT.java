package io.fakewatch.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.app.PipelineSession;
import io.fakewatch.events.ModelScore;
import io.fakewatch.events.Status;
import io.fakewatch.events.TrackSummary;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A whole video through all four stages on the embedded broker with both detectors: the frame classifier on 32
 * crops and the temporal model on 4 clips of 30 frames, fused in one verdict that shows its evidence.
 */
class BothDetectorsIT {
  @Test
  void aFaceSwapGetsBothModelsScoresTheirFusionAndItsEvidence() throws Exception {
    Map<String, String> settings = new HashMap<>(PipelineTestSettings.forVideos(SharedData.videos()));
    settings.put(IngestSettings.CLIPS_PER_VIDEO, "4"); // the production default; the other pipeline tests use 1
    try (PipelineSession session = PipelineSession.start(settings)) {
      String uri = SharedData.video("FaceSwap_c23_634_660.mp4").toUri().toString();
      String id = session.submit("faceswap", uri).getVideoId();
      Map<String, List<VideoVerdict>> verdicts = session.awaitVerdicts(List.of(id), Duration.ofMinutes(5), (k, v) -> { });
      assertThat(verdicts.get(id)).hasSize(1);
      VideoVerdict verdict = verdicts.get(id).get(0);
      assertThat(verdict.getStatus()).isEqualTo(Status.OK);
      TrackSummary track = verdict.getTracks().get(0);
      assertThat(track.getTimeline()).hasSize(32);
      assertThat(track.getBlocks()).hasSize(4);
      ModelScore temporal = track.getModels().stream().filter(m -> m.getKind().equals("temporal")).findFirst().orElseThrow();
      assertThat(temporal.getAbstained()).isFalse();
      assertThat(temporal.getSamples()).isEqualTo(4);
      // the prototype's 4 × 30-frame score of this video (shared/models/temporal/scores_mediapipe_lrnet.csv): 0.918
      assertThat(track.getTemporalScore()).isCloseTo(0.918, within(0.05));
      assertThat(track.getFrameScore()).isNotNull();
      double fused = 1 / (1 + Math.exp(-(logit(track.getFrameScore()) + logit(track.getTemporalScore())) / 2));
      assertThat(verdict.getProbability()).isCloseTo(fused, within(1e-9));
      assertThat(verdict.getTemporalModels()).hasSize(3).first().asString().startsWith("mediapipe_face_landmark68@");
      assertThat(verdict.getTimings()).containsKeys("ingest", "detect", "detect.temporal", "score", "score.temporal", "total");
      assertThat(verdict.getCalibration()).startsWith("logit-mean");
    }
  }

  private static double logit(double p) {
    double q = Math.min(Math.max(p, 0.01), 0.99);
    return Math.log(q / (1 - q));
  }
}
