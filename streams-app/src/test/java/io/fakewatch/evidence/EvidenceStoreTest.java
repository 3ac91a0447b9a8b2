package io.fakewatch.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.CropScore;
import io.fakewatch.events.ScoredCrop;
import io.fakewatch.events.Status;
import io.fakewatch.events.TrackCount;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.serde.VideoRequests;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The verdict topology's evidence stores: thumbnails kept by videoId/trackId/frameIndex, the decided verdict
 * kept by videoId and still written to the verdicts topic, and retention by count and by age deleting both.
 */
class EvidenceStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  private TopologyTestDriver driver;
  private TestInputTopic<String, SpecificRecord> scores;
  private TestInputTopic<String, io.fakewatch.events.VideoRequest> requests;
  private TestOutputTopic<String, VideoVerdict> verdicts;

  private void start(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(Map.of("verdict.timeout.ms", "600000", "topics.partitions", "1",
        EvidenceSettings.CHECK_INTERVAL_MS, "1000"));
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

  /** One video through the topology: request, 2 crops of track 1 with thumbnails, manifest. */
  private void video(String id) {
    requests.pipeInput(id, VideoRequests.of(id, "file:///v/" + id + ".mp4", T0));
    List<ScoredCrop> crops = List.of(crop(0), crop(5));
    scores.pipeInput(id, CropScore.newBuilder().setVideoId(id).setRequestedAt(T0).setBatchIndex(0).setScores(crops)
        .setModels(List.of("m@1")).build());
    scores.pipeInput(id, CropManifest.newBuilder().setVideoId(id).setUri("file:///v/" + id + ".mp4").setRequestedAt(T0)
        .setStatus(Status.OK).setCropRecords(1).setTotalCrops(2).setTracks(List.of(new TrackCount(1, 2, 0, 5)))
        .setSampledFrames(32).build());
  }

  private static ScoredCrop crop(int frame) {
    return ScoredCrop.newBuilder().setFrameIndex(frame).setTrackId(1).setFakeLogit(1f).setFakeProbability(0.73f)
        .setThumbnail(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) frame})).build();
  }

  private KeyValueStore<String, byte[]> thumbnails() {
    return driver.getKeyValueStore(EvidenceStores.THUMBNAILS);
  }

  private KeyValueStore<String, VideoVerdict> stored() {
    return driver.getKeyValueStore(EvidenceStores.VERDICTS);
  }

  @Test
  void thumbnailsAndTheVerdictAreKeptAndTheVerdictStillReachesTheTopic() {
    start(Map.of());
    video("a");
    assertThat(thumbnails().get("a/1/0")).containsExactly(0xFF, 0xD8, 0);
    assertThat(thumbnails().get("a/1/5")).containsExactly(0xFF, 0xD8, 5);
    assertThat(thumbnails().get("a/1/1")).isNull();
    VideoVerdict onTopic = verdicts.readValue();
    assertThat(verdicts.isEmpty()).isTrue();
    assertThat(stored().get("a")).isEqualTo(onTopic);
    assertThat(onTopic.getStatus()).isEqualTo(Status.OK);
  }

  @Test
  void beyondTheCountTheOldestVideosAreForgotten() {
    start(Map.of(EvidenceSettings.RETENTION_VIDEOS, "2"));
    video("old");
    driver.advanceWallClockTime(Duration.ofMillis(10));
    video("mid");
    driver.advanceWallClockTime(Duration.ofMillis(10));
    video("new");
    assertThat(stored().get("old")).isNotNull();
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(stored().get("old")).isNull();
    assertThat(thumbnails().get("old/1/0")).isNull();
    assertThat(thumbnails().get("old/1/5")).isNull();
    assertThat(stored().get("mid")).isNotNull();
    assertThat(stored().get("new")).isNotNull();
    assertThat(thumbnails().get("mid/1/0")).isNotNull();
  }

  @Test
  void olderThanTheRetentionTimeIsForgotten() {
    start(Map.of(EvidenceSettings.RETENTION_MS, "60000"));
    video("a");
    driver.advanceWallClockTime(Duration.ofSeconds(30));
    video("b");
    driver.advanceWallClockTime(Duration.ofSeconds(31));
    assertThat(stored().get("a")).as("61 s old").isNull();
    assertThat(thumbnails().get("a/1/0")).isNull();
    assertThat(stored().get("b")).as("31 s old").isNotNull();
    assertThat(thumbnails().get("b/1/5")).isNotNull();
  }

  @Test
  void theCountIsSharedOverThePartitions() {
    FakeWatchConfig config = FakeWatchConfig.of(Map.of(EvidenceSettings.RETENTION_VIDEOS, "1000", "topics.partitions", "6"));
    assertThat(EvidenceSettings.from(config).videosPerPartition()).isEqualTo(167);
    start(Map.of());
  }
}
