package io.fakewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fakewatch.app.StageRunner;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.verdict.VerdictStage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verdict stage on the embedded broker behind a real metrics server: /health follows the stage from
 * starting to RUNNING to stopped; /metrics carries Kafka Streams client metrics (consumer lag included)
 * and FakeWatch's own meters, with the TIMEOUT counter non-zero after a video times out.
 */
class MetricsEndpointIT {
  private static KafkaTestCluster cluster;

  @BeforeAll
  static void startBroker() throws Exception {
    cluster = KafkaTestCluster.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    cluster.close();
  }

  @Test
  void healthAndMetricsFollowAVerdictStageFromStartToStop() throws Exception {
    FakeWatchConfig config = cluster.config(Map.of(MetricsSettings.PORT, "0",
        MetricsSettings.KAFKA_REFRESH_MS, "1000",
        "verdict.timeout.ms", "2000", "verdict.check.interval.ms", "500"));
    MetricsSettings settings = MetricsSettings.from(config);
    ProcessMonitor monitor = ProcessMonitor.forConfig(config);
    int port;
    try (MetricsServer server = MetricsServer.start(settings, FakeWatchMetrics.global(), monitor::health)) {
      port = server.port();
      Http.Response starting = Http.get(port, "/health");
      assertThat(starting.status()).isEqualTo(503);
      assertThat(starting.body()).contains("\"status\":\"DOWN\"").contains("starting");

      StageRunner runner = StageRunner.start(config, List.of(new VerdictStage()), Duration.ofSeconds(60), monitor);
      try {
        Http.Response up = Http.get(port, "/health");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.contentType()).startsWith("application/json");
        assertThat(up.body()).contains("\"status\":\"UP\"").contains("\"verdict\":\"RUNNING\"")
            .contains("\"models\":\"loaded\"");

        // a request whose scores never come: the verdict stage gives it a TIMEOUT verdict
        try (RequestPublisher publisher = new RequestPublisher(config)) {
          publisher.submit("stalled-1", "file:///videos/stalled-1.mp4");
        }
        String scrape = awaitScrape(port, FakeWatchMetrics.PROM_TIMEOUTS, 1.0, Duration.ofSeconds(60));
        assertThat(scrape).contains("# TYPE " + FakeWatchMetrics.PROM_TIMEOUTS + " counter");
        assertThat(value(scrape, FakeWatchMetrics.PROM_STAGE_UP, "stage=\"verdict\"")).isEqualTo(1.0);
        assertThat(value(scrape, "kafka_stream_thread_process_total", "stage=\"verdict\"")).isGreaterThan(0.0);
        assertThat(value(scrape, FakeWatchMetrics.PROM_RECORDS_LAG, "stage=\"verdict\"")).isEqualTo(0.0);
        assertThat(scrape).contains("jvm_memory_used_bytes");
      } finally {
        runner.close();
      }

      Http.Response stopped = Http.get(port, "/health");
      assertThat(stopped.status()).isEqualTo(503);
      assertThat(stopped.body()).contains("\"status\":\"DOWN\"").contains("stopped").contains("NOT_RUNNING");
      // the stopped stage's meters are gone, not frozen at their last values
      assertThat(Http.get(port, "/metrics").body()).doesNotContain("stage=\"verdict\"");
      assertThat(Http.get(port, "/nothing").status()).isEqualTo(404);
    }
    assertThatThrownBy(() -> Http.get(port, "/health")).isInstanceOf(IOException.class);
  }

  /** Scrapes until the series of {@code name}, summed (one per task), reach {@code atLeast}. */
  private static String awaitScrape(int port, String name, double atLeast, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Http.Response response = Http.get(port, "/metrics");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.contentType()).startsWith("text/plain");
      Double now = sum(response.body(), name);
      if ((now != null && now >= atLeast) || System.nanoTime() > deadline) {
        assertThat(now).as(name + " in\n" + response.body()).isNotNull().isGreaterThanOrEqualTo(atLeast);
        return response.body();
      }
      Thread.sleep(250);
    }
  }

  /** The sum of every series {@code name{…}}, or null when there is none. */
  static Double sum(String scrape, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*\\} (\\S+)$").matcher(scrape);
    Double total = null;
    while (m.find()) {
      total = (total == null ? 0.0 : total) + Double.parseDouble(m.group(1));
    }
    return total;
  }

  static double value(String scrape, String name, String labelFragment) {
    Double value = valueOrNull(scrape, name, labelFragment);
    assertThat(value).as("series " + name + "{…" + labelFragment + "…}").isNotNull();
    return value;
  }

  /** The value of the first series {@code name{…}} whose labels contain {@code labelFragment}. */
  static Double valueOrNull(String scrape, String name, String labelFragment) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
    while (m.find()) {
      if (m.group(1).contains(labelFragment)) {
        return Double.parseDouble(m.group(2));
      }
    }
    return null;
  }
}
