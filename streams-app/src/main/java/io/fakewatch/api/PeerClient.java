package io.fakewatch.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another verdict instance (its application.server) the same question, with the caller's token, and
 * {@value #LOCAL_HEADER} so it answers from its own stores only and never forwards again.
 */
final class PeerClient implements AutoCloseable {
  static final String LOCAL_HEADER = "X-FakeWatch-Local";

  private final HttpClient client;
  private final Duration timeout;

  PeerClient(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The peer's answer as it is; a peer that cannot be reached answers 502. */
  ApiResponse get(HostInfo host, String pathAndQuery, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
        .timeout(timeout).header(LOCAL_HEADER, "1").GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      String type = response.headers().firstValue("Content-Type").orElse(ApiResponse.JSON);
      return new ApiResponse(response.statusCode(), type, response.body(), Map.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ApiResponse.error(502, "instance " + host + " did not answer");
    } catch (Exception e) {
      return ApiResponse.error(502, "instance " + host + " did not answer: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    // HttpClient has no close() before Java 21; its threads are daemons
  }
}
