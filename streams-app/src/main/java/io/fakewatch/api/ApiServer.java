package io.fakewatch.api;

import com.sun.net.httpserver.HttpExchange;
import io.fakewatch.app.StageRunner;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.ingest.UriPolicy;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.metrics.MetricsServer;
import io.fakewatch.metrics.MetricsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API mounted at {@code /api} on the metrics server. Started before the stages (their
 * application.server is this server's address), it answers 503 until {@link #attach} hands it the verdict
 * stage's KafkaStreams.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  public static final String VERDICT_STAGE = "verdict";

  private final AtomicReference<KafkaStreams> verdictStreams = new AtomicReference<>();
  private final HostInfo self;
  private final RequestPublisher publisher;
  private final PeerClient peers;

  private ApiServer(HostInfo self, RequestPublisher publisher, PeerClient peers) {
    this.self = self;
    this.publisher = publisher;
    this.peers = peers;
  }

  /**
   * The metrics server's settings with the API's rule applied: with no console token the server listens on
   * loopback only, and says so.
   */
  public static MetricsSettings bindSettings(MetricsSettings metrics, FakeWatchConfig config) {
    ApiSettings api = ApiSettings.from(config);
    if (!api.enabled() || api.tokensConfigured()) {
      return metrics;
    }
    LOG.warn("no {} or {} set: the API, console, /metrics and /health listen on loopback (127.0.0.1) only", ApiSettings.READ_TOKEN,
        ApiSettings.SUBMIT_TOKEN);
    return new MetricsSettings(metrics.enabled(), "127.0.0.1", metrics.port(), metrics.kafkaRefresh());
  }

  /** Mounts /api on {@code http}; a disabled API or server gives an instance that serves nothing. */
  public static ApiServer mount(MetricsServer http, FakeWatchConfig config) {
    ApiSettings settings = ApiSettings.from(config);
    if (!settings.enabled() || !http.serving()) {
      return new ApiServer(null, null, null);
    }
    HostInfo self = new HostInfo(advertisedHost(settings, http.address()), http.address().getPort());
    RequestPublisher publisher = new RequestPublisher(config);
    PeerClient peers = new PeerClient(settings.forwardTimeout());
    ApiServer api = new ApiServer(self, publisher, peers);
    RequestSubmitter submitter = new RequestSubmitter(new UriPolicy(IngestSettings.from(config)), publisher::submit);
    ApiRouter router = new ApiRouter(settings, new InteractiveQueries(api.verdictStreams::get, self, peers), submitter);
    http.mount("/api", exchange -> serve(router, exchange));
    LOG.info("REST API on http://{}:{}/api (OpenAPI at /api/openapi.json); tokens {}", self.host(), self.port(),
        settings.tokensConfigured() ? "required" : "not required (loopback only)");
    return api;
  }

  private static String advertisedHost(ApiSettings settings, InetSocketAddress bound) {
    if (!settings.advertisedHost().isEmpty()) {
      return settings.advertisedHost();
    }
    InetAddress address = bound.getAddress();
    if (!address.isAnyLocalAddress()) {
      return address.getHostAddress();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "127.0.0.1";
    }
  }

  public boolean serving() {
    return self != null;
  }

  /** The Kafka Streams properties of the verdict stage: its application.server, so peers find this API. */
  public Map<String, Map<String, Object>> stageProperties() {
    return self == null ? Map.of()
        : Map.of(VERDICT_STAGE, Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port()));
  }

  /** Starts answering from the verdict stage of {@code runner}, if it runs one. */
  public void attach(StageRunner runner) {
    runner.streams(VERDICT_STAGE).ifPresent(verdictStreams::set);
  }

  private static void serve(ApiRouter router, HttpExchange exchange) throws IOException {
    try (exchange) {
      ApiResponse response;
      try {
        byte[] body = readBody(exchange.getRequestBody(), router.maxBodyBytes() + 1);
        ApiRequest request = new ApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"), body,
            exchange.getRequestHeaders().containsKey(PeerClient.LOCAL_HEADER));
        response = router.handle(request);
      } catch (IOException | RuntimeException e) {
        LOG.warn("API {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e.toString());
        response = ApiResponse.error(500, "internal error");
      }
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().putIfAbsent("Cache-Control", java.util.List.of("no-store"));
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
      if (response.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    }
  }

  /** At most {@code cap} bytes: one over the limit is enough to answer 413. */
  private static byte[] readBody(InputStream in, int cap) throws IOException {
    return in.readNBytes(cap);
  }

  @Override
  public void close() {
    if (publisher != null) {
      publisher.close();
    }
    if (peers != null) {
      peers.close();
    }
  }
}
