package io.fakewatch.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.events.Abstention;
import io.fakewatch.events.BlockScore;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.CropScore;
import io.fakewatch.events.ModelScore;
import io.fakewatch.events.ScoredCrop;
import io.fakewatch.events.SequenceScores;
import io.fakewatch.events.Status;
import io.fakewatch.events.TrackCount;
import io.fakewatch.events.TrackSummary;
import io.fakewatch.events.VideoInfo;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.serde.VideoRequests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verdict stage with both detectors: fusion of logits, abstention, the per-frame timeline and segments. */
class FusionEvidenceTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  private static final String MESO = "meso4_df@2018-keras";
  private static final List<String> LRNET = List.of("lrnet_g1_ffpp@9a172a0-ffpp", "lrnet_g2_ffpp@9a172a0-ffpp");
  private TopologyTestDriver driver;
  private TestInputTopic<String, SpecificRecord> scores;
  private TestOutputTopic<String, VideoVerdict> verdicts;

  private void start(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(Map.of("verdict.timeout.ms", "60000"));
    values.putAll(extra);
    io.fakewatch.testing.VerdictDriver d = io.fakewatch.testing.VerdictDriver.start(values, T0);
    driver = d.driver();
    d.requests().pipeInput("v", VideoRequests.of("v", "file:///v.mp4", T0));
    scores = d.scores();
    verdicts = d.verdicts();
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /** Frames 0, 10, 20 … one second apart, each with the given FAKE probability. */
  private static CropScore crops(int track, double... probabilities) {
    List<ScoredCrop> crops = new ArrayList<>();
    for (int i = 0; i < probabilities.length; i++) {
      float logit = (float) Math.log(probabilities[i] / (1 - probabilities[i]));
      crops.add(ScoredCrop.newBuilder().setFrameIndex(i * 10).setTimestampMicros(i * 1_000_000L).setTrackId(track)
          .setFakeLogit(logit).setFakeProbability((float) probabilities[i]).setModelLogits(List.of(logit)).build());
    }
    return CropScore.newBuilder().setVideoId("v").setRequestedAt(T0).setBatchIndex(0).setScores(crops)
        .setModels(List.of(MESO)).build();
  }

  private static BlockScore block(int track, int clip, long startMicros, double probability) {
    return BlockScore.newBuilder().setTrackId(track).setClipIndex(clip).setStartFrame(clip * 100).setEndFrame(clip * 100 + 29)
        .setStartMicros(startMicros).setEndMicros(startMicros + 1_160_000L).setFakeProbability((float) probability)
        .setModelProbabilities(List.of((float) probability, (float) probability)).build();
  }

  private static SequenceScores sequences(int clip, List<BlockScore> blocks, List<Abstention> abstentions) {
    return SequenceScores.newBuilder().setVideoId("v").setRequestedAt(T0).setClipIndex(clip).setBlocks(blocks)
        .setAbstentions(abstentions).setModels(LRNET).build();
  }

  private static CropManifest manifest(int crops, int sequenceRecords, TrackCount... tracks) {
    return CropManifest.newBuilder().setVideoId("v").setUri("file:///v.mp4").setRequestedAt(T0).setStatus(Status.OK)
        .setCropRecords(1).setTotalCrops(crops).setTracks(List.of(tracks)).setSequenceRecords(sequenceRecords)
        .setLandmarker("mediapipe_face_landmark68@0.4.1657299874").setDetector("yunet_s_640_640@2023mar")
        .setVideo(VideoInfo.newBuilder().setWidth(640).setHeight(480).setFps(10).setDurationMicros(4_000_000L)
            .setCodec("h264").build())
        .build();
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @Test
  void aTrackFusesBothModelsAsAnEqualWeightMeanOfLogitsAndWaitsForEveryClip() {
    start(Map.of());
    scores.pipeInput("v", crops(0, 0.2, 0.2, 0.2, 0.2));
    scores.pipeInput("v", manifest(4, 2, new TrackCount(0, 4, 0, 30)));
    scores.pipeInput("v", sequences(0, List.of(block(0, 0, 0, 0.9)), List.of()));
    assertThat(verdicts.isEmpty()).as("one clip's scores are still missing").isTrue();
    scores.pipeInput("v", sequences(1, List.of(block(0, 1, 2_000_000L, 0.7)), List.of()));

    VideoVerdict v = verdicts.readValue();
    TrackSummary track = v.getTracks().get(0);
    assertThat(track.getFrameScore()).isCloseTo(0.2, within(1e-6));
    assertThat(track.getTemporalScore()).isCloseTo(0.8, within(1e-6));
    double fused = sigmoid((logit(0.2) + logit(0.8)) / 2);
    assertThat(track.getFusedScore()).isCloseTo(fused, within(1e-6));
    assertThat(v.getProbability()).isCloseTo(fused, within(1e-6));
    assertThat(track.getModels()).extracting(ModelScore::getKind).containsExactly("frame", "temporal");
    assertThat(track.getModels().get(1).getModel()).isEqualTo(String.join("+", LRNET));
    assertThat(track.getModels().get(1).getSamples()).isEqualTo(2);
    assertThat(track.getBlocks()).hasSize(2);
    assertThat(track.getBlocks().get(1).getModelScores()).containsOnlyKeys(LRNET.toArray(String[]::new));
    assertThat(v.getTemporalModels()).containsExactly("mediapipe_face_landmark68@0.4.1657299874", LRNET.get(0), LRNET.get(1));
    assertThat(v.getFrameModels()).containsExactly(MESO);
    assertThat(v.getFusion()).containsEntry("frame", 1.0).containsEntry("temporal", 1.0);
    assertThat(v.getCalibration()).contains("logit-mean");
    // the timeline: one entry per sampled frame; each frame fused with the block nearest in time
    assertThat(track.getTimeline()).hasSize(4);
    assertThat(track.getTimeline().get(0).getTemporalScore()).isCloseTo(0.9, within(1e-6));
    assertThat(track.getTimeline().get(3).getTemporalScore()).isCloseTo(0.7, within(1e-6));
    assertThat(track.getTimeline().get(0).getFusedScore()).isCloseTo(sigmoid((logit(0.2) + logit(0.9)) / 2), within(1e-6));
    assertThat(track.getTimeline().get(2).getModelScores()).containsKey(MESO);
  }

  @Test
  void aModelThatCannotJudgeAbstainsWithItsReasonInsteadOfCountingAsOneHalf() {
    start(Map.of());
    scores.pipeInput("v", crops(0, 0.9, 0.9, 0.9));
    scores.pipeInput("v", sequences(0, List.of(), List.of(new Abstention(0, "face lost at frame 12"))));
    scores.pipeInput("v", manifest(3, 1, new TrackCount(0, 3, 0, 20)));
    VideoVerdict v = verdicts.readValue();
    TrackSummary track = v.getTracks().get(0);
    assertThat(track.getTemporalScore()).isNull();
    ModelScore temporal = track.getModels().get(1);
    assertThat(temporal.getAbstained()).isTrue();
    assertThat(temporal.getScore()).isNull();
    assertThat(temporal.getReason()).isEqualTo("face lost at frame 12");
    // the frame classifier alone decides: 0.9, not pulled towards 0.5
    assertThat(v.getProbability()).isCloseTo(0.9, within(1e-6));
    assertThat(track.getTimeline()).allSatisfy(f -> assertThat(f.getTemporalScore()).isNull());

    // no clip at all (a short video): the reason says so
    driver.close();
    start(Map.of());
    scores.pipeInput("v", crops(0, 0.3, 0.3, 0.3));
    scores.pipeInput("v", manifest(3, 0, new TrackCount(0, 3, 0, 20)));
    TrackSummary shortVideo = verdicts.readValue().getTracks().get(0);
    assertThat(shortVideo.getModels().get(1).getReason()).startsWith("no clip");
    assertThat(shortVideo.getFusedScore()).isCloseTo(0.3, within(1e-6));
  }

  @Test
  void segmentsMarkWhereThePartlySwappedFaceIsAndWeightsShiftTheFusion() {
    start(Map.of("verdict.fusion.weights", "3,1", "verdict.segment.threshold", "0.6"));
    // fake in seconds 0-1, real from second 2 on
    scores.pipeInput("v", crops(0, 0.95, 0.9, 0.1, 0.05));
    scores.pipeInput("v", manifest(4, 0, new TrackCount(0, 4, 0, 30)));
    VideoVerdict v = verdicts.readValue();
    assertThat(v.getSegments()).hasSize(1);
    assertThat(v.getSegments().get(0).getStartMicros()).isEqualTo(0L);
    assertThat(v.getSegments().get(0).getEndMicros()).isEqualTo(2_000_000L); // up to the next sampled frame
    assertThat(v.getSegments().get(0).getEndFrame()).isEqualTo(10);
    assertThat(v.getSegments().get(0).getPeak()).isCloseTo(0.95, within(1e-6));
    assertThat(v.getFusion()).containsEntry("frame", 3.0);

    // weights 3:1 pull the fused score towards the frame classifier
    driver.close();
    start(Map.of("verdict.fusion.weights", "3,1"));
    scores.pipeInput("v", crops(0, 0.2, 0.2));
    scores.pipeInput("v", sequences(0, List.of(block(0, 0, 0, 0.8)), List.of()));
    scores.pipeInput("v", manifest(2, 1, new TrackCount(0, 2, 0, 10)));
    assertThat(verdicts.readValue().getProbability()).isCloseTo(sigmoid((3 * logit(0.2) + logit(0.8)) / 4), within(1e-6));
  }
}
