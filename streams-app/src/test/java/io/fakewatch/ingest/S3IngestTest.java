package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.serde.VideoRequests;
import io.fakewatch.testing.LoopbackHttpServer;
import io.fakewatch.testing.LoopbackS3Server;
import io.fakewatch.testing.SharedData;
import io.fakewatch.testing.SilentServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * s3:// against a real S3-API server on loopback (s3proxy, signatures checked), and against a small HTTP
 * server that stalls or trickles where an S3 server would answer. Each case gets its status and dead letter.
 */
class S3IngestTest {
  private static LoopbackS3Server store;
  private static Path video;
  @TempDir Path temp;

  @BeforeAll
  static void startStore(@TempDir Path scratch) throws Exception {
    video = TestVideos.reencode(SharedData.video("orig_youtube_c23_004.mp4"), scratch.resolve("small.mp4"), 25, 0.25, 300_000, 10);
    store = LoopbackS3Server.start()
        .put("videos", "clips/small.mp4", video)
        .put("videos", "big.bin", new byte[5000])
        .put("private", "small.mp4", video);
  }

  @AfterAll
  static void stopStore() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  private VideoIngestor.Outcome ingest(String uri, Map<String, String> settings) {
    Map<String, String> values = new HashMap<>(settings);
    values.put(IngestSettings.TEMP_DIR, temp.toString());
    try (FetchDecodeIngestor ingestor = new FetchDecodeIngestor(TestVideos.settings(values, temp))) {
      return ingestor.ingest(VideoRequests.of("s3", uri, Instant.now()));
    }
  }

  private FrameBatch assertFails(String uri, Map<String, String> settings, Status status, String reason) {
    VideoIngestor.Outcome outcome = ingest(uri, settings);
    assertThat(outcome.batches()).as(uri).hasSize(1);
    FrameBatch terminal = outcome.batches().get(0);
    assertThat(terminal.getStatus()).as(uri + ": " + terminal.getError()).isEqualTo(status);
    assertThat(terminal.getLast()).isTrue();
    assertThat(outcome.deadLetter()).isNotNull();
    assertThat(outcome.deadLetter().getReason()).as(uri + ": " + terminal.getError()).isEqualTo(reason);
    return terminal;
  }

  private static Map<String, String> with(Map<String, String> base, String... keysAndValues) {
    Map<String, String> values = new HashMap<>(base);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return values;
  }

  private void assertNoTempFiles() throws Exception {
    try (var left = Files.list(temp)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("fakewatch-fetch-"))).as("temp files left").isEmpty();
    }
  }

  @Test
  void anObjectInAnAllowedBucketIsFetchedAndDecoded() throws Exception {
    VideoIngestor.Outcome outcome = ingest("s3://videos/clips/small.mp4", store.settings("videos"));
    assertThat(outcome.deadLetter()).isNull();
    FrameBatch last = outcome.batches().get(outcome.batches().size() - 1);
    assertThat(last.getStatus()).isEqualTo(Status.OK);
    assertThat(last.getSampledFrames()).isEqualTo(10);
    assertThat(outcome.batches().stream().mapToInt(b -> b.getFrames().size()).sum()).isGreaterThanOrEqualTo(10);
    assertNoTempFiles();
  }

  @Test
  void aMissingKeyOrBucketIsAFetchError() {
    Map<String, String> settings = store.settings("videos", "absent");
    assertFails("s3://videos/clips/missing.mp4", settings, Status.FETCH_ERROR, "NOT_FOUND");
    assertFails("s3://absent/small.mp4", settings, Status.FETCH_ERROR, "NOT_FOUND");
  }

  @Test
  void aBucketNotAllowedIsRejectedThoughItHoldsTheObject() {
    assertFails("s3://private/small.mp4", store.settings("videos"), Status.REJECTED, "BUCKET_NOT_ALLOWED");
    assertFails("s3://private/small.mp4", with(store.settings(), S3Settings.BUCKETS, ""), Status.REJECTED, "BUCKET_NOT_ALLOWED");
    assertFails("s3://Private/small.mp4", store.settings("private"), Status.REJECTED, "BAD_URI");
    assertFails("s3://private/", store.settings("private"), Status.REJECTED, "BAD_URI");
    // the control: allowed, the same object is read
    assertThat(ingest("s3://private/small.mp4", store.settings("private")).deadLetter()).isNull();
  }

  @Test
  void anObjectOverTheSizeCapIsRejectedFromItsHead() {
    FrameBatch terminal = assertFails("s3://videos/big.bin", with(store.settings("videos"), IngestSettings.MAX_DOWNLOAD_BYTES, "4000"),
        Status.REJECTED, "TOO_LARGE");
    assertThat(terminal.getError()).as("refused from the HEAD's length, not while reading").contains("is 5000 bytes");
  }

  @Test
  void wrongCredentialsAreAccessDenied() {
    assertFails("s3://videos/clips/small.mp4", with(store.settings("videos"), S3Settings.SECRET_ACCESS_KEY, "wrong"),
        Status.FETCH_ERROR, "ACCESS_DENIED");
  }

  @Test
  void aStoreOnAPrivateAddressIsRefusedUnlessItsEndpointIsAllowed() {
    assertFails("s3://videos/clips/small.mp4", with(store.settings("videos"), IngestSettings.ALLOWED_PRIVATE_ENDPOINTS, ""),
        Status.REJECTED, "PRIVATE_ADDRESS");
    assertFails("s3://videos/clips/small.mp4", with(store.settings("videos"), IngestSettings.ALLOWED_PRIVATE_ENDPOINTS,
        "127.0.0.1:" + (store.port() == 1 ? 2 : store.port() - 1)), Status.REJECTED, "PRIVATE_ADDRESS");
  }

  /** Settings for an S3 "store" that is one of our HTTP servers, reached path-style. */
  private static Map<String, String> storeAt(String endpoint, String... more) {
    Map<String, String> values = with(store.settings("videos"), S3Settings.ENDPOINT, "http://" + endpoint,
        IngestSettings.ALLOWED_PRIVATE_ENDPOINTS, endpoint);
    return with(values, more);
  }

  @Test
  void aSilentStoreTimesOut() throws Exception {
    try (SilentServer silent = SilentServer.start()) {
      long start = System.nanoTime();
      assertFails("s3://videos/v.mp4", storeAt(silent.endpoint(), IngestSettings.READ_TIMEOUT_MS, "1000"),
          Status.FETCH_ERROR, "TIMEOUT");
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
      assertThat(silent.connections()).as("one attempt: no retries").isEqualTo(1);
    }
  }

  @Test
  void aTricklingStoreIsCutAtTheFetchDeadline() throws Exception {
    try (LoopbackHttpServer slow = LoopbackHttpServer.start()
        .trickle("/videos/slow.mp4", 1000, Duration.ofMillis(200), Duration.ofSeconds(60))) {
      long start = System.nanoTime();
      FrameBatch terminal = assertFails("s3://videos/slow.mp4", storeAt(slow.endpoint(), IngestSettings.READ_TIMEOUT_MS, "1000",
          IngestSettings.FETCH_DEADLINE_MS, "1500"), Status.FETCH_ERROR, "TIMEOUT");
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(terminal.getError()).contains(IngestSettings.FETCH_DEADLINE_MS);
      assertThat(seconds).isBetween(1.4, 8.0);
      assertThat(slow.hits("/videos/slow.mp4")).as("HEAD, then GET").isEqualTo(2);
      assertNoTempFiles();
    }
  }

  @Test
  void aStoreSendingMoreThanItsHeadSaidIsCutAtTheCap() throws Exception {
    try (LoopbackHttpServer liar = LoopbackHttpServer.start()
        .trickle("/videos/endless.mp4", 64 * 1024, Duration.ofMillis(1), Duration.ofSeconds(60))) {
      FrameBatch terminal = assertFails("s3://videos/endless.mp4", storeAt(liar.endpoint(), IngestSettings.MAX_DOWNLOAD_BYTES, "300000"),
          Status.REJECTED, "TOO_LARGE");
      assertThat(terminal.getError()).contains("more than 300000 bytes");
      assertNoTempFiles();
    }
  }
}
