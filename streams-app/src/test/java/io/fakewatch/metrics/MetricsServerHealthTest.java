package io.fakewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The HTTP contract of /health and /metrics on a real loopback server, without Kafka. */
class MetricsServerHealthTest {
  private static final MetricsSettings ANY_PORT = new MetricsSettings(true, "127.0.0.1", 0, Duration.ofSeconds(30));

  @Test
  void healthFollowsItsSourceAndSaysWhyInJson() throws Exception {
    AtomicReference<Health> now = new AtomicReference<>(
        new Health(false, "starting: opening models of [score]", "loading", Map.of()));
    try (MetricsServer server = MetricsServer.start(ANY_PORT, FakeWatchMetrics.isolated(), now::get)) {
      Http.Response down = Http.get(server.port(), "/health");
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.body()).isEqualTo(
          "{\"status\":\"DOWN\",\"reason\":\"starting: opening models of [score]\",\"models\":\"loading\",\"stages\":{}}");

      now.set(new Health(true, "all stages running", "loaded", Map.of("score", "RUNNING", "detect", "REBALANCING")));
      Http.Response up = Http.get(server.port(), "/health");
      assertThat(up.status()).isEqualTo(200);
      assertThat(up.body()).contains("\"stages\":{\"detect\":\"REBALANCING\",\"score\":\"RUNNING\"}");
    }
  }

  @Test
  void metricsIsPrometheusTextAndOnlyGetAndHeadAreAllowed() throws Exception {
    FakeWatchMetrics metrics = FakeWatchMetrics.isolated();
    metrics.deadLetter("detect", "DESERIALIZATION");
    try (MetricsServer server = MetricsServer.start(ANY_PORT, metrics,
        () -> new Health(true, "ok", "loaded", Map.of()))) {
      Http.Response scrape = Http.get(server.port(), "/metrics");
      assertThat(scrape.contentType()).isEqualTo(MetricsServer.PROMETHEUS_TEXT);
      assertThat(scrape.body()).contains(
          "fakewatch_dead_letters_total{reason=\"DESERIALIZATION\",stage=\"detect\"} 1.0");

      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
      HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri)
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      HttpResponse<String> head = client.send(HttpRequest.newBuilder(uri)
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    }
  }

  @Test
  void aTakenPortFailsARunButNotADemo() throws Exception {
    FakeWatchMetrics metrics = FakeWatchMetrics.isolated();
    try (MetricsServer first = MetricsServer.start(ANY_PORT, metrics, () -> null)) {
      MetricsSettings same = new MetricsSettings(true, "127.0.0.1", first.port(), Duration.ofSeconds(30));
      assertThatThrownBy(() -> MetricsServer.start(same, metrics, () -> null)).isInstanceOf(BindException.class);
      try (MetricsServer quiet = MetricsServer.startOrWarn(same, metrics, () -> null)) {
        assertThat(quiet.serving()).isFalse();
        assertThat(quiet.port()).isEqualTo(-1);
      }
    }
  }

  @Test
  void disabledServesNothing() throws Exception {
    MetricsSettings off = new MetricsSettings(false, "127.0.0.1", 0, Duration.ofSeconds(30));
    try (MetricsServer server = MetricsServer.start(off, FakeWatchMetrics.isolated(), () -> null)) {
      assertThat(server.serving()).isFalse();
    }
  }
}
