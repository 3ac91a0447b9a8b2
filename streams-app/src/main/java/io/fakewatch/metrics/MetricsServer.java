package io.fakewatch.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} (Prometheus text format 0.0.4) and {@code GET /health} (200 UP / 503 DOWN, JSON) on
 * the JDK's built-in HTTP server: two endpoints do not justify a web framework on the classpath.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds and serves; fails (the process should not run blind) when the port is taken. */
  public static MetricsServer start(MetricsSettings settings, FakeWatchMetrics metrics, Supplier<Health> health)
      throws IOException {
    return start(settings, metrics, health, null);
  }

  /**
   * As {@link #start(MetricsSettings, FakeWatchMetrics, Supplier)}, with more routes on the same server:
   * {@code routes} (e.g. {@code ConsoleResources::mount}) then owns {@code /} and everything not under
   * /metrics or /health; null keeps the plain-text 404.
   */
  public static MetricsServer start(MetricsSettings settings, FakeWatchMetrics metrics, Supplier<Health> health,
      Consumer<HttpServer> routes) throws IOException {
    if (!settings.enabled()) {
      LOG.info("metrics and health endpoints disabled ({}=false)", MetricsSettings.ENABLED);
      return new MetricsServer(null, null);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 16);
    // several threads: a slow scrape must not hold up a liveness probe, and an API request waiting on another
    // verdict instance (which may be waiting on this one) must not hold up the rest
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
      Thread thread = new Thread(r, "fakewatch-metrics-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> serve(exchange, 200, PROMETHEUS_TEXT, metrics::scrape));
    server.createContext("/health", exchange -> {
      Health now = health.get();
      serve(exchange, now.httpStatus(), "application/json", now::json);
    });
    if (routes != null) {
      routes.accept(server);
    } else {
      server.createContext("/", exchange -> serve(exchange, 404, "text/plain; charset=utf-8",
          () -> "not found; try /metrics or /health\n"));
    }
    server.start();
    MetricsServer started = new MetricsServer(server, executor);
    LOG.info("serving /metrics and /health on http://{}:{}", settings.bindAddress(), started.port());
    return started;
  }

  /**
   * For embedded runs (demo, evaluate): a taken port is logged and the run goes on without endpoints,
   * since the demo's answer is its verdicts, not its metrics.
   */
  public static MetricsServer startOrWarn(MetricsSettings settings, FakeWatchMetrics metrics, Supplier<Health> health) {
    return startOrWarn(settings, metrics, health, null);
  }

  /** {@link #startOrWarn(MetricsSettings, FakeWatchMetrics, Supplier)} with more routes (see {@link #start}). */
  public static MetricsServer startOrWarn(MetricsSettings settings, FakeWatchMetrics metrics, Supplier<Health> health,
      Consumer<HttpServer> routes) {
    try {
      return start(settings, metrics, health, routes);
    } catch (IOException e) {
      LOG.warn("metrics endpoint not started on port {}: {}; set {}=0 for a free port", settings.port(),
          e.toString(), MetricsSettings.PORT);
      return new MetricsServer(null, null);
    }
  }

  /**
   * Serves {@code handler} under {@code path} (the API and console mount here), on the same port as
   * /metrics and /health. Does nothing when the server is disabled.
   */
  public void mount(String path, com.sun.net.httpserver.HttpHandler handler) {
    if (server != null) {
      server.createContext(path, handler);
    }
  }

  /** The address the server is bound to, or null when disabled. */
  public InetSocketAddress address() {
    return server == null ? null : server.getAddress();
  }

  public boolean serving() {
    return server != null;
  }

  /** Where a browser on this host reaches the server ({@code http://127.0.0.1:PORT} for a wildcard bind); null when disabled. */
  public String baseUrl() {
    if (server == null) {
      return null;
    }
    String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : server.getAddress().getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** The bound port, or -1 when disabled. */
  public int port() {
    return server == null ? -1 : server.getAddress().getPort();
  }

  private static void serve(HttpExchange exchange, int status, String contentType, Supplier<String> body)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes;
      try {
        bytes = body.get().getBytes(StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        LOG.warn("{} failed: {}", exchange.getRequestURI(), e.toString());
        status = 500;
        contentType = "text/plain; charset=utf-8";
        bytes = ("internal error: " + e.getClass().getSimpleName() + "\n").getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      boolean head = method.equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      LOG.info("metrics endpoint on port {} stopped", server.getAddress().getPort());
    }
  }
}
