package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fakewatch.events.Status;
import io.fakewatch.testing.LoopbackHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that trickles bytes just inside the read time-out is cut off by the total fetch deadline. */
class FetchDeadlineTest {
  @TempDir Path temp;

  @Test
  void aTricklingHttpServerIsCutAtTheDeadlineAndItsTempFileRemoved() throws Exception {
    try (LoopbackHttpServer server = LoopbackHttpServer.start()
        .trickle("/slow", 1000, Duration.ofMillis(200), Duration.ofSeconds(60))
        .redirect("/hop", "/slow")) {
      IngestSettings settings = TestVideos.settings(Map.of(IngestSettings.ALLOWED_PRIVATE_ENDPOINTS, server.endpoint(),
          IngestSettings.READ_TIMEOUT_MS, "1000", IngestSettings.FETCH_DEADLINE_MS, "1500",
          IngestSettings.TEMP_DIR, temp.toString()), temp);
      try (VideoFetcher fetcher = new VideoFetcher(settings)) {
        long start = System.nanoTime();
        // through a redirect: the deadline spans every hop
        assertThatThrownBy(() -> fetcher.fetch(server.base() + "/hop")).isInstanceOfSatisfying(IngestFailure.class, f -> {
          assertThat(f.status()).isEqualTo(Status.FETCH_ERROR);
          assertThat(f.reason()).isEqualTo("TIMEOUT");
          assertThat(f.getMessage()).contains(IngestSettings.FETCH_DEADLINE_MS);
        });
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isBetween(1.4, 8.0);
      }
      assertThat(server.hits("/slow")).isEqualTo(1);
      try (var left = Files.list(temp)) {
        assertThat(left.filter(p -> p.getFileName().toString().startsWith("fakewatch-fetch-"))).isEmpty();
      }
    }
  }

  @Test
  void withoutTheDeadlineTheSameServerKeepsTheDownloadGoing() throws Exception {
    try (LoopbackHttpServer server = LoopbackHttpServer.start()
        .trickle("/slow", 1000, Duration.ofMillis(200), Duration.ofMillis(2500))) {
      IngestSettings settings = TestVideos.settings(Map.of(IngestSettings.ALLOWED_PRIVATE_ENDPOINTS, server.endpoint(),
          IngestSettings.READ_TIMEOUT_MS, "1000", IngestSettings.TEMP_DIR, temp.toString()), temp);
      // the control: no read time-out fires on this trickle, so only a deadline could have ended it early
      try (VideoFetcher fetcher = new VideoFetcher(settings); FetchedVideo video = fetcher.fetch(server.base() + "/slow")) {
        assertThat(video.bytes()).isGreaterThanOrEqualTo(10_000);
      }
    }
  }
}
