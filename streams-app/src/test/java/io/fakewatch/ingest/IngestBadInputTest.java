package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.serde.VideoRequests;
import io.fakewatch.testing.SharedData;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/big", exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse up front
      try (OutputStream out = exchange.getResponseBody()) {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 64; i++) {
          out.write(chunk);
        }
      } catch (Exception ignored) {
        // the client hangs up once over its limit
      }
    });
    server.createContext("/hop", exchange -> {
      exchange.getResponseHeaders().add("Location", "file:///etc/passwd");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.createContext("/video", exchange -> {
      byte[] body = Files.readAllBytes(SharedData.video("orig_youtube_c23_004.mp4"));
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    servers.add(() -> server.stop(0));
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Map<String, String> loopbackAllowed = Map.of(IngestSettings.ALLOW_PRIVATE, "true", IngestSettings.MAX_DOWNLOAD_BYTES, "1000000");
    assertFails(base + "/big", loopbackAllowed, Status.REJECTED, "TOO_LARGE");
    // every redirect hop goes through the policy again: an allowed server cannot bounce us to a local file
    assertFails(base + "/hop", loopbackAllowed, Status.REJECTED, "REDIRECT_TO_FILE");
    // and a good video over http still works, its temp file removed afterwards
    long tempsBefore = countTemps();
    VideoIngestor.Outcome good = ingest(base + "/video", Map.of(IngestSettings.ALLOW_PRIVATE, "true"));
    assertThat(good.deadLetter()).isNull();
    assertThat(good.batches().stream().mapToInt(b -> b.getFrames().size()).sum()).isEqualTo(32);
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

  private static long countTemps() throws Exception {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("fakewatch-fetch-")).count();
    }
  }
}
