package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.serde.VideoRequests;
import io.fakewatch.testing.LoopbackHttpServer;
import io.fakewatch.testing.SharedData;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: each gets its status and a dead letter, and the next good request is read normally. */
class IngestBadInputTest {
  @TempDir Path root;
  @TempDir Path outside;
  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws Exception {
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  /** A real HTTP server on 127.0.0.1, stopped after the test. */
  private LoopbackHttpServer loopbackServer() throws Exception {
    LoopbackHttpServer server = LoopbackHttpServer.start();
    servers.add(server);
    return server;
  }

  /** Private addresses stay refused; only this one server's ip:port is allowed. */
  private static Map<String, String> onlyAllowing(LoopbackHttpServer server, String... moreKeysAndValues) {
    Map<String, String> extra = new HashMap<>(Map.of(IngestSettings.ALLOWED_PRIVATE_ENDPOINTS, server.endpoint()));
    for (int i = 0; i < moreKeysAndValues.length; i += 2) {
      extra.put(moreKeysAndValues[i], moreKeysAndValues[i + 1]);
    }
    return extra;
  }

  private VideoIngestor.Outcome ingest(String uri, Map<String, String> extra) {
    try (FetchDecodeIngestor ingestor = new FetchDecodeIngestor(TestVideos.settings(extra, root))) {
      return ingestor.ingest(VideoRequests.of("bad", uri, Instant.now()));
    }
  }

  private void assertFails(String uri, Status status, String reason) {
    assertFails(uri, Map.of(), status, reason);
  }

  private void assertFails(String uri, Map<String, String> extra, Status status, String reason) {
    VideoIngestor.Outcome outcome = ingest(uri, extra);
    assertThat(outcome.batches()).as(uri).hasSize(1);
    FrameBatch terminal = outcome.batches().get(0);
    assertThat(terminal.getLast()).isTrue();
    assertThat(terminal.getFrames()).isEmpty();
    assertThat(terminal.getStatus()).as(uri + ": " + terminal.getError()).isEqualTo(status);
    assertThat(outcome.deadLetter()).isNotNull();
    assertThat(outcome.deadLetter().getReason()).as(uri).isEqualTo(reason);
    assertThat(outcome.deadLetter().getVideoId()).isEqualTo("bad");
  }

  private Path file(String name, byte[] bytes) throws Exception {
    return Files.write(root.resolve(name), bytes);
  }

  @Test
  void unreadableFilesAreDecodeErrors() throws Exception {
    assertFails(file("empty.mp4", new byte[0]).toUri().toString(), Status.DECODE_ERROR, "NOT_A_VIDEO");
    byte[] noise = new byte[200_000];
    new Random(7).nextBytes(noise);
    assertFails(file("noise.mp4", noise).toUri().toString(), Status.DECODE_ERROR, "NOT_A_VIDEO");
    assertFails(file("notes.mp4", "just some text\n".repeat(100).getBytes()).toUri().toString(), Status.DECODE_ERROR, "NOT_A_VIDEO");
    byte[] video = Files.readAllBytes(SharedData.video("abofeumbvv.mp4"));
    byte[] truncated = java.util.Arrays.copyOf(video, (int) (video.length * 0.3));
    VideoIngestor.Outcome cut = ingest(file("cut.mp4", truncated).toUri().toString(), Map.of());
    assertThat(cut.batches().get(0).getStatus()).isEqualTo(Status.DECODE_ERROR);
    // an image is not a video either
    Files.copy(SharedData.image("lynaeydofd_fr0.jpg"), root.resolve("photo.mp4"));
    assertThat(ingest(root.resolve("photo.mp4").toUri().toString(), Map.of()).batches().get(0).getStatus())
        .isIn(Status.DECODE_ERROR, Status.REJECTED);
  }

  @Test
  void filesOutsideTheRootAreRefused() throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.mp4"), "secret");
    assertFails(secret.toUri().toString(), Status.REJECTED, "OUTSIDE_FILE_ROOT");
    assertFails("file:///etc/passwd", Status.REJECTED, "OUTSIDE_FILE_ROOT");
    assertFails(root.toUri() + "../" + outside.getFileName() + "/secret.mp4", Status.REJECTED, "OUTSIDE_FILE_ROOT");
    Path link = Files.createSymbolicLink(root.resolve("link.mp4"), secret);
    assertFails(link.toUri().toString(), Status.REJECTED, "OUTSIDE_FILE_ROOT");
    assertFails(root.resolve("missing.mp4").toUri().toString(), Status.FETCH_ERROR, "NOT_FOUND");
  }

  @Test
  void badUrisAndSchemesAreRejected() {
    assertFails("gopher://example.com/v.mp4", Status.REJECTED, "SCHEME_NOT_ALLOWED");
    assertFails("concat:/etc/passwd", Status.REJECTED, "SCHEME_NOT_ALLOWED");
    assertFails("concat:/etc/passwd|/etc/hosts", Status.REJECTED, "BAD_URI");
    assertFails("http://exa mple.com/v.mp4", Status.REJECTED, "BAD_URI");
  }

  @Test
  void privateAndMetadataAddressesAreRefused() {
    assertFails("http://169.254.169.254/latest/meta-data/", Status.REJECTED, "PRIVATE_ADDRESS");
    assertFails("http://127.0.0.1:9/v.mp4", Status.REJECTED, "PRIVATE_ADDRESS");
    assertFails("http://[::1]/v.mp4", Status.REJECTED, "PRIVATE_ADDRESS");
    assertFails("http://10.1.2.3/v.mp4", Status.REJECTED, "PRIVATE_ADDRESS");
    assertFails("http://localhost/v.mp4", Status.REJECTED, "PRIVATE_ADDRESS");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    ServerSocket silent = new ServerSocket(0);
    servers.add(silent);
    List<Socket> accepted = new ArrayList<>();
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          accepted.add(silent.accept()); // accept and say nothing
        }
      } catch (Exception ignored) {
        // closed at the end of the test
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    long start = System.nanoTime();
    assertFails("http://127.0.0.1:" + silent.getLocalPort() + "/v.mp4",
        Map.of(IngestSettings.ALLOW_PRIVATE, "true", IngestSettings.READ_TIMEOUT_MS, "1500"), Status.FETCH_ERROR, "TIMEOUT");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
  }

  @Test
  void aServerThatSendsTooMuchIsCutOffAndARedirectToAForbiddenHostIsRefused() throws Exception {
    LoopbackHttpServer server = loopbackServer()
        .chunked("/big", 4_000_000)
        .redirect("/hop", "file:///etc/passwd")
        .serve("/video", SharedData.video("orig_youtube_c23_004.mp4"));
    String base = server.base();
    Map<String, String> loopbackAllowed = Map.of(IngestSettings.ALLOW_PRIVATE, "true", IngestSettings.MAX_DOWNLOAD_BYTES, "1000000");
    assertFails(base + "/big", loopbackAllowed, Status.REJECTED, "TOO_LARGE");
    // every redirect hop goes through the policy again: an allowed server cannot bounce us to a local file
    assertFails(base + "/hop", loopbackAllowed, Status.REJECTED, "REDIRECT_TO_FILE");
    // and a good video over http still works, its temp file removed afterwards
    long tempsBefore = countTemps();
    VideoIngestor.Outcome good = ingest(base + "/video", Map.of(IngestSettings.ALLOW_PRIVATE, "true"));
    assertThat(good.deadLetter()).isNull();
    assertThat(good.batches().stream().filter(b -> b.getClipIndex() < 0).mapToInt(b -> b.getFrames().size()).sum()).isEqualTo(32);
    assertThat(good.batches().get(good.batches().size() - 1).getClips()).isEqualTo(4);
    assertThat(countTemps()).isEqualTo(tempsBefore);
  }

  @Test
  void overTheLimitsIsRejectedBeforeDecoding() throws Exception {
    String uri = SharedData.video("orig_youtube_c23_004.mp4").toUri().toString(); // 1280x720, 12 s
    try (FetchDecodeIngestor pixels = new FetchDecodeIngestor(TestVideos.settings(Map.of(IngestSettings.MAX_PIXELS, "640000"), SharedData.videos()));
         FetchDecodeIngestor duration = new FetchDecodeIngestor(TestVideos.settings(Map.of(IngestSettings.MAX_DURATION_S, "5"), SharedData.videos()));
         FetchDecodeIngestor size = new FetchDecodeIngestor(TestVideos.settings(Map.of(IngestSettings.MAX_DOWNLOAD_BYTES, "1000"), SharedData.videos()))) {
      VideoRequest request = VideoRequests.of("big", uri, Instant.now());
      assertThat(pixels.ingest(request).deadLetter().getReason()).isEqualTo("TOO_MANY_PIXELS");
      assertThat(duration.ingest(request).deadLetter().getReason()).isEqualTo("TOO_LONG");
      assertThat(size.ingest(request).batches().get(0).getStatus()).isEqualTo(Status.REJECTED);
    }
  }

  @Test
  void anAudioOnlyMp4IsADecodeErrorNotACrash() throws Exception {
    Path podcast = TestVideos.audioOnly(root.resolve("podcast.mp4"));
    assertFails(podcast.toUri().toString(), Status.DECODE_ERROR, "NO_VIDEO_STREAM");
  }

  @Test
  void aOneFrameVideoIsReadLikeAnyOther() throws Exception {
    Path still = TestVideos.stillVideo(SharedData.image("lynaeydofd_fr0.jpg"), root.resolve("still.mp4"), 1);
    VideoIngestor.Outcome outcome = ingest(still.toUri().toString(), Map.of());
    assertThat(outcome.deadLetter()).isNull();
    assertThat(outcome.batches()).hasSize(1);
    FrameBatch only = outcome.batches().get(0);
    assertThat(only.getStatus()).isEqualTo(Status.OK);
    assertThat(only.getLast()).isTrue();
    assertThat(only.getSampledFrames()).isEqualTo(1);
    assertThat(only.getFrames()).singleElement().satisfies(frame -> {
      assertThat(frame.getWidth()).isEqualTo(1920);
      assertThat(frame.getHeight()).isEqualTo(1080);
    });
  }

  @Test
  void aThreeHourHeaderIsRejectedFromTheHeaderAlone() throws Exception {
    Path full = TestVideos.spanning(root.resolve("three-hours-full.mp4"), Duration.ofHours(3));
    assertThat(VideoProbe.read(full).durationMicros()).isGreaterThanOrEqualTo(Duration.ofHours(3).toNanos() / 1000);
    assertRejectedFromTheHeaderAlone(full, "TOO_LONG", IngestSettings.MAX_DURATION_S, String.valueOf(Duration.ofHours(4).toSeconds()));
  }

  @Test
  void a16kBy16kHeaderIsRejectedFromTheHeaderAlone() throws Exception {
    Path full = TestVideos.declaringSize(root.resolve("16k-full.mp4"), 16384, 16384);
    VideoProbe.Header header = VideoProbe.read(full);
    assertThat(header.width()).isEqualTo(16384);
    assertThat(header.height()).isEqualTo(16384);
    assertRejectedFromTheHeaderAlone(full, "TOO_MANY_PIXELS", IngestSettings.MAX_PIXELS, String.valueOf(16384L * 16384));
  }

  /**
   * The video with its frame data cut off is REJECTED with the default limits: that can only come from the
   * header, since there is no frame to decode. The controls: with the limit lifted, the cut file is a
   * DECODE_ERROR (decoding was tried and found nothing), and the whole file passes the limit check.
   */
  private void assertRejectedFromTheHeaderAlone(Path full, String reason, String limitKey, String liftedLimit) throws Exception {
    Path headerOnly = TestVideos.headerOnly(full, root.resolve("header-of-" + full.getFileName()));
    assertThat(Files.size(headerOnly)).isLessThan(Files.size(full));
    assertFails(headerOnly.toUri().toString(), Status.REJECTED, reason);
    Map<String, String> lifted = Map.of(limitKey, liftedLimit);
    assertThat(ingest(headerOnly.toUri().toString(), lifted).batches().get(0).getStatus()).isEqualTo(Status.DECODE_ERROR);
    VideoIngestor.Outcome whole = ingest(full.toUri().toString(), lifted);
    assertThat(whole.deadLetter() == null ? null : whole.deadLetter().getReason()).as("the whole file, limit lifted").isNotEqualTo(reason);
  }

  @Test
  void hostNamesThatResolveToPrivateAddressesAreRefusedBeforeAnyConnection() throws Exception {
    LoopbackHttpServer server = loopbackServer().serve("/video", SharedData.video("orig_youtube_c23_004.mp4"));
    int port = server.port();
    // names and spellings that all reach this machine: 0.0.0.0 connects to the local host on Linux,
    // ::ffff:127.0.0.1 is loopback in IPv6 dress
    List<String> names = new ArrayList<>(List.of("localhost", "LOCALHOST", "0.0.0.0", "[::ffff:127.0.0.1]"));
    ownNameIfPrivate().ifPresent(names::add);
    for (String name : names) {
      assertFails("http://" + name + ":" + port + "/video", Status.REJECTED, "PRIVATE_ADDRESS");
    }
    assertThat(server.hits("/video")).as("the server behind those names was never contacted").isZero();
    // it was there: with private addresses allowed the same URI is fetched
    assertThat(ingest("http://localhost:" + port + "/video", Map.of(IngestSettings.ALLOW_PRIVATE, "true")).deadLetter()).isNull();
    assertThat(server.hits("/video")).isEqualTo(1);
  }

  @Test
  void aRedirectFromAnAllowedServerToAForbiddenAddressIsRefusedAtThatHop() throws Exception {
    Path video = TestVideos.reencode(SharedData.video("orig_youtube_c23_004.mp4"), root.resolve("small.mp4"), 25, 0.25, 300_000, 10);
    LoopbackHttpServer internal = loopbackServer().serve("/video", video); // private, and not allowed
    LoopbackHttpServer allowed = loopbackServer().serve("/video", video)
        .redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/iam/security-credentials/")
        .redirect("/to-internal", internal.base() + "/video")
        .redirect("/to-internal-by-name", "http://localhost:" + internal.port() + "/video")
        .redirect("/to-ten", "http://10.0.0.1/video")
        .redirect("/to-same", "/video");
    Map<String, String> policy = onlyAllowing(allowed);
    for (String hop : List.of("/to-metadata", "/to-internal", "/to-internal-by-name", "/to-ten")) {
      assertFails(allowed.base() + hop, policy, Status.REJECTED, "PRIVATE_ADDRESS");
    }
    assertThat(internal.hits("/video")).as("no request reached the forbidden server").isZero();
    // controls: a hop that stays on the allowed endpoint is followed, and the internal server does answer
    VideoIngestor.Outcome followed = ingest(allowed.base() + "/to-same", policy);
    assertThat(followed.deadLetter()).isNull();
    assertThat(followed.batches().get(followed.batches().size() - 1).getSampledFrames()).isEqualTo(10);
    assertThat(ingest(internal.base() + "/video", Map.of(IngestSettings.ALLOW_PRIVATE, "true")).deadLetter()).isNull();
    assertThat(internal.hits("/video")).isEqualTo(1);
  }

  @Test
  void aServerThatStallsMidBodyTimesOutAndItsTempFileIsRemoved(@TempDir Path temp) throws Exception {
    AtomicLong partialBytes = new AtomicLong(-1);
    LoopbackHttpServer server = loopbackServer().stall("/stall", 1_000_000, 100_000, Duration.ofSeconds(30),
        () -> partialBytes.set(waitForPartialDownload(temp)));
    assertFails(server.base() + "/stall", onlyAllowing(server, IngestSettings.READ_TIMEOUT_MS, "1000",
        IngestSettings.TEMP_DIR, temp.toString()), Status.FETCH_ERROR, "TIMEOUT");
    assertThat(partialBytes.get()).as("the first 100 kB had reached a temp file").isPositive();
    try (var left = Files.list(temp)) {
      assertThat(left).as("temp files left").isEmpty();
    }
  }

  /**
   * The machine's own name when it resolves to a non-public address: loopback from /etc/hosts, or a
   * container's private address. Where it is public, or does not resolve, it proves nothing here.
   */
  private static java.util.Optional<String> ownNameIfPrivate() {
    try {
      String own = InetAddress.getLocalHost().getHostName();
      boolean isPrivate = java.util.Arrays.stream(InetAddress.getAllByName(own)).anyMatch(a -> !UriPolicy.isPublic(a));
      return isPrivate ? java.util.Optional.of(own) : java.util.Optional.empty();
    } catch (java.net.UnknownHostException e) {
      return java.util.Optional.empty();
    }
  }

  /** The size of the download's temp file once data reached it (-1 if none within 10 s). */
  private static long waitForPartialDownload(Path temp) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (var files = Files.list(temp)) {
        long size = files.mapToLong(f -> f.toFile().length()).sum();
        if (size > 0) {
          return size;
        }
        Thread.sleep(20);
      } catch (Exception e) {
        return -1;
      }
    }
    return -1;
  }

  @Test
  void aDecodeOverItsTimeLimitIsStopped() throws Exception {
    Path video = Files.copy(SharedData.video("orig_youtube_c23_004.mp4"), root.resolve("video.mp4"));
    // opening the file and decoding its first 720p frame alone take far more than 1 ms
    assertFails(video.toUri().toString(), Map.of(IngestSettings.DECODE_TIMEOUT_MS, "1"), Status.DECODE_ERROR, "DECODE_TIMEOUT");
  }

  private static long countTemps() throws Exception {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("fakewatch-fetch-")).count();
    }
  }
}
