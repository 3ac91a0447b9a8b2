package io.fakewatch.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.events.CropManifest;
import io.fakewatch.events.CropScore;
import io.fakewatch.events.Label;
import io.fakewatch.events.ScoredCrop;
import io.fakewatch.events.Status;
import io.fakewatch.events.TrackCount;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.serde.VideoRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VerdictTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  private TopologyTestDriver driver;
  private TestInputTopic<String, io.fakewatch.events.VideoRequest> requests;
  private TestInputTopic<String, SpecificRecord> scores;
  private TestOutputTopic<String, VideoVerdict> verdicts;

  @BeforeEach
  void start() {
    start(Map.of());
  }

  private void start(Map<String, String> extra) {
    if (driver != null) {
      driver.close();
    }
    Map<String, String> values = new java.util.HashMap<>(Map.of("verdict.timeout.ms", "60000",
        "verdict.check.interval.ms", "1000", "verdict.clip.epsilon", "0.01"));
    values.putAll(extra);
    io.fakewatch.testing.VerdictDriver d = io.fakewatch.testing.VerdictDriver.start(values, T0);
    driver = d.driver();
    requests = d.requests();
    scores = d.scores();
    verdicts = d.verdicts();
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void request(String id) {
    requests.pipeInput(id, VideoRequests.of(id, "file:///v/" + id + ".mp4", T0));
  }

  private static CropScore score(String id, int batch, int track, double... probabilities) {
    List<ScoredCrop> crops = new ArrayList<>();
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      crops.add(ScoredCrop.newBuilder().setFrameIndex(batch * 8 + i).setTrackId(track).setFakeLogit((float) Math.log(p / (1 - p)))
          .setFakeProbability((float) p).build());
    }
    return CropScore.newBuilder().setVideoId(id).setRequestedAt(T0).setBatchIndex(batch).setScores(crops)
        .setModels(List.of("meso4_df@2018-keras")).setTimings(Map.of("score", 5L)).build();
  }

  private static CropManifest manifest(String id, Status status, int records, int crops, List<TrackCount> tracks) {
    return CropManifest.newBuilder().setVideoId(id).setUri("file:///v/" + id + ".mp4").setRequestedAt(T0)
        .setStatus(status).setCropRecords(records).setTotalCrops(crops).setTracks(tracks)
        .setDetector("yunet_s_640_640@2023mar").setSampledFrames(32).setTimings(Map.of("ingest", 100L, "detect", 50L))
        .build();
  }

  @Test
  void emitsOneVerdictOnceEveryAnnouncedScoreArrived() {
    request("a");
    scores.pipeInput("a", score("a", 0, 1, 0.9, 0.7));
    scores.pipeInput("a", score("a", 0, 2, 0.2, 0.4));
    assertThat(verdicts.isEmpty()).isTrue();
    // the manifest says 3 records / 5 crops: one record is still missing
    scores.pipeInput("a", manifest("a", Status.OK, 3, 5, List.of(new TrackCount(1, 3, 0, 9), new TrackCount(2, 2, 0, 1))));
    assertThat(verdicts.isEmpty()).isTrue();
    scores.pipeInput("a", score("a", 1, 1, 0.8));

    VideoVerdict v = verdicts.readValue();
    assertThat(verdicts.isEmpty()).isTrue();
    // track 1 mean (0.9 + 0.7 + 0.8) / 3 = 0.8, track 2 mean 0.3 → max 0.8
    assertThat(v.getProbability()).isCloseTo(0.8, within(1e-6));
    assertThat(v.getLabel()).isEqualTo(Label.FAKE);
    assertThat(v.getStatus()).isEqualTo(Status.OK);
    assertThat(v.getTracks()).hasSize(2);
    assertThat(v.getTracks().get(0).getFrames()).isEqualTo(3);
    assertThat(v.getTracks().get(0).getMax()).isCloseTo(0.9, within(1e-6));
    assertThat(v.getTracks().get(1).getMin()).isCloseTo(0.2, within(1e-6));
    assertThat(v.getModels()).containsExactly("yunet_s_640_640@2023mar", "meso4_df@2018-keras");
    assertThat(v.getUri()).isEqualTo("file:///v/a.mp4");
    assertThat(v.getTimings()).containsEntry("ingest", 100L).containsEntry("detect", 50L).containsEntry("score", 15L)
        .containsKey("total");
    assertThat(v.getAggregation()).isEqualTo("mean-max");
  }

  @Test
  void scoresOfTracksTheManifestDroppedDoNotCount() {
    request("b");
    scores.pipeInput("b", score("b", 0, 1, 0.1, 0.2));
    scores.pipeInput("b", score("b", 1, 7, 0.99)); // a spurious 1-frame track, dropped by detect
    scores.pipeInput("b", manifest("b", Status.OK, 2, 3, List.of(new TrackCount(1, 2, 0, 9))));
    VideoVerdict v = verdicts.readValue();
    assertThat(v.getProbability()).isCloseTo(0.15, within(1e-6));
    assertThat(v.getLabel()).isEqualTo(Label.REAL);
    assertThat(v.getTracks()).extracting(t -> t.getTrackId()).containsExactly(1);
  }

  @Test
  void errorStatusesGiveUnknownWithHalfProbability() {
    for (Status status : List.of(Status.DECODE_ERROR, Status.FETCH_ERROR, Status.REJECTED, Status.NO_FACES)) {
      String id = "err-" + status;
      request(id);
      scores.pipeInput(id, manifest(id, status, 0, 0, List.of()));
      VideoVerdict v = verdicts.readValue();
      assertThat(v.getStatus()).isEqualTo(status);
      assertThat(v.getLabel()).isEqualTo(Label.UNKNOWN);
      assertThat(v.getProbability()).isEqualTo(0.5);
    }
    // OK manifest but no kept track at all → NO_FACES
    request("empty");
    scores.pipeInput("empty", manifest("empty", Status.OK, 0, 0, List.of()));
    assertThat(verdicts.readValue().getStatus()).isEqualTo(Status.NO_FACES);
  }

  @Test
  void aStalledVideoTimesOutOnceAndLateScoresAreCountedAndDropped() {
    request("slow");
    scores.pipeInput("slow", score("slow", 0, 1, 0.9));
    driver.advanceWallClockTime(Duration.ofSeconds(30));
    assertThat(verdicts.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(31));
    VideoVerdict v = verdicts.readValue();
    assertThat(v.getStatus()).isEqualTo(Status.TIMEOUT);
    assertThat(v.getLabel()).isEqualTo(Label.UNKNOWN);
    assertThat(v.getProbability()).isEqualTo(0.5);
    assertThat(v.getError()).contains("1 crops in 1 records");

    scores.pipeInput("slow", score("slow", 1, 1, 0.9));
    scores.pipeInput("slow", manifest("slow", Status.OK, 2, 2, List.of(new TrackCount(1, 2, 0, 9))));
    driver.advanceWallClockTime(Duration.ofSeconds(120));
    assertThat(verdicts.isEmpty()).as("a decided video is never decided again").isTrue();
    double late = driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("late-scores-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    assertThat(late).isEqualTo(2.0);
  }

  @Test
  void aRequestWithNothingDownstreamStillGetsItsVerdict() {
    request("lost");
    driver.advanceWallClockTime(Duration.ofSeconds(61));
    VideoVerdict v = verdicts.readValue();
    assertThat(v.getVideoId()).isEqualTo("lost");
    assertThat(v.getStatus()).isEqualTo(Status.TIMEOUT);
    assertThat(v.getUri()).isEqualTo("file:///v/lost.mp4");
  }

  @Test
  void theConfidentRuleAndCalibrationAreSelectedByConfig() {
    start(Map.of("verdict.aggregation", "confident", "verdict.calibration.gain", "2.0"));
    request("c");
    double[] frames = new double[16];
    java.util.Arrays.fill(frames, 0.8 + 1e-3); // just above the confident threshold
    scores.pipeInput("c", score("c", 0, 1, frames));
    scores.pipeInput("c", score("c", 1, 1, new double[] {0.1, 0.1}));
    scores.pipeInput("c", manifest("c", Status.OK, 2, 18, List.of(new TrackCount(1, 18, 0, 17))));
    VideoVerdict v = verdicts.readValue();
    // 16 fakes > 18 // 2.5 = 7 and > 11: mean of fakes 0.801; gain 2: sigmoid(2 logit(0.801))
    double logit = Math.log(0.801 / 0.199);
    assertThat(v.getProbability()).isCloseTo(1 / (1 + Math.exp(-2 * logit)), within(1e-5));
    assertThat(v.getAggregation()).isEqualTo("confident");
  }
}
