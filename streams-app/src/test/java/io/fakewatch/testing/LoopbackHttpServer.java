package io.fakewatch.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 for fetch tests: files, redirects, bodies too big or stalling, and a
 * count of requests per path. Each request has its own thread, so a stalled response blocks no other.
 */
public final class LoopbackHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private LoopbackHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.start();
  }

  public static LoopbackHttpServer start() throws IOException {
    return new LoopbackHttpServer();
  }

  public String base() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** This server's ip:port, for {@code ingest.allowed.private.endpoints}: allows it and nothing else private. */
  public String endpoint() {
    return "127.0.0.1:" + port();
  }

  /** Requests that reached {@code path} so far. */
  public int hits(String path) {
    return hits.computeIfAbsent(path, p -> new AtomicInteger()).get();
  }

  /** A file, read at each request, with its Content-Length. */
  public LoopbackHttpServer serve(String path, Path file) {
    return handle(path, exchange -> send(exchange, Files.readAllBytes(file)));
  }

  public LoopbackHttpServer serve(String path, byte[] body) {
    return handle(path, exchange -> send(exchange, body));
  }

  /** A 302 to {@code location}. */
  public LoopbackHttpServer redirect(String path, String location) {
    return handle(path, exchange -> {
      exchange.getResponseHeaders().add("Location", location);
      exchange.sendResponseHeaders(302, -1);
    });
  }

  /** {@code bytes} of zeros, chunked: no Content-Length to refuse up front. */
  public LoopbackHttpServer chunked(String path, long bytes) {
    return handle(path, exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        byte[] chunk = new byte[64 * 1024];
        for (long sent = 0; sent < bytes; sent += chunk.length) {
          out.write(chunk);
        }
      } catch (IOException ignored) {
        // the client hangs up once over its limit
      }
    });
  }

  /**
   * Headers that promise a body of {@code promised} bytes, the first {@code sent} of them, then
   * {@code silence} (cut short when the server closes) before hanging up; {@code whileStalled} runs once
   * the partial body is out.
   */
  public LoopbackHttpServer stall(String path, int promised, int sent, Duration silence, Runnable whileStalled) {
    return handle(path, exchange -> {
      exchange.sendResponseHeaders(200, promised);
      OutputStream out = exchange.getResponseBody();
      out.write(new byte[sent]);
      out.flush();
      whileStalled.run();
      try {
        closing.await(silence.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /**
   * A body of {@code step} zero bytes every {@code every}, chunked, for {@code total}: each read gets data well
   * inside a read time-out, so only a total deadline ends it early. HEAD answers 200 with no length, as an
   * S3 server's HEAD would for this path-style key.
   */
  public LoopbackHttpServer trickle(String path, int step, Duration every, Duration total) {
    return handle(path, exchange -> {
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      try {
        for (long end = System.nanoTime() + total.toNanos(); System.nanoTime() < end; ) {
          out.write(new byte[step]);
          out.flush();
          if (closing.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        }
      } catch (IOException ignored) {
        // the client hung up: what the deadline is for
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private LoopbackHttpServer handle(String path, HttpHandler handler) {
    AtomicInteger count = hits.computeIfAbsent(path, p -> new AtomicInteger());
    server.createContext(path, exchange -> {
      count.incrementAndGet();
      try {
        handler.handle(exchange);
      } finally {
        exchange.close();
      }
    });
    return this;
  }

  private static void send(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
