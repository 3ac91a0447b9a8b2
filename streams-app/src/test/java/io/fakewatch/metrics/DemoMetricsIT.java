package io.fakewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.PipelineSession;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole demo pipeline serves its meters: non-zero after a video, and /health tells a stopped stage. */
class DemoMetricsIT {
  @Test
  void metersCountAProcessedVideoAndHealthSeesAStoppedStage() throws Exception {
    Map<String, String> settings = new HashMap<>(PipelineTestSettings.forVideos(SharedData.videos()));
    settings.put(MetricsSettings.PORT, "0");
    try (PipelineSession session = PipelineSession.start(settings)) {
      String good = session.submit("metrics-good", SharedData.video("Deepfakes_c23_519_515.mp4").toUri().toString()).getVideoId();
      String bad = session.submit("metrics-bad", "file:///etc/passwd").getVideoId();
      assertThat(session.awaitVerdicts(List.of(good, bad), Duration.ofMinutes(3), (id, v) -> { })).containsKeys(good, bad);
      int port = session.metrics().port();
      assertThat(Http.get(port, "/health").status()).isEqualTo(200);

      String scrape = Http.get(port, "/metrics").body();
      for (String meter : List.of(FakeWatchMetrics.PROM_REQUESTS, FakeWatchMetrics.PROM_VERDICTS,
          FakeWatchMetrics.PROM_DECODED_FRAMES, FakeWatchMetrics.PROM_DEAD_LETTERS, FakeWatchMetrics.PROM_PROVIDER,
          FakeWatchMetrics.PROM_STAGE_LATENCY_BUCKET, FakeWatchMetrics.PROM_BATCH_SIZE_BUCKET)) {
        assertThat(maxValue(scrape, meter)).as(meter).isGreaterThan(0);
      }
      assertThat(scrape).contains("status=\"REJECTED\"").contains("provider=\"cpu\"");
      // no Grafana here: every dashboard panel's and alert's query must find its series in the demo's scrape
      Path root = Path.of(System.getProperty("fakewatch.root", "..")).toAbsolutePath().normalize();
      assertThat(DashboardMetricsIT.missingSeries(DashboardMetricsIT.dashboardAndAlertQueries(root), scrape))
          .as("dashboard and alert queries whose series the demo does not serve").isEmpty();

      session.stages().streams().get(1).close(Duration.ofSeconds(30)); // detect stops
      Http.Response health = Http.get(port, "/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.body()).contains("detect");
    }
  }

  /** The largest sample value of a metric in Prometheus text (any labels). */
  private static double maxValue(String scrape, String metric) {
    return scrape.lines().filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0);
  }
}
