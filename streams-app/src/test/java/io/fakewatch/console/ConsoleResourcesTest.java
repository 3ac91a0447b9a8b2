package io.fakewatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's files from the classpath, on a real JDK HTTP server, as a browser would ask for them. */
class ConsoleResourcesTest {
  private HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ConsoleResources.mount(server);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void servesEachFileWithItsContentTypeAndCacheHeaders() throws Exception {
    HttpResponse<String> page = get("/console/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script src=\"console.js\"");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
    assertThat(get("/console/index.html").body()).isEqualTo(page.body());

    assertThat(get("/console/console.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(get("/console/chart.js").body()).contains("svg");
    assertThat(get("/console/console.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
  }

  @Test
  void anUnchangedFileRevalidatesTo304() throws Exception {
    String etag = get("/console/console.css").headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = http.send(HttpRequest.newBuilder(uri("/console/console.css"))
        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    HttpResponse<String> other = http.send(HttpRequest.newBuilder(uri("/console/console.css"))
        .header("If-None-Match", "\"stale\"").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(200);
  }

  @Test
  void rootRedirectsToTheConsole() throws Exception {
    HttpResponse<String> root = get("/");
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location")).hasValue("/console/");
  }

  @Test
  void unknownNamesAndTypesAre404WithAJsonBody() throws Exception {
    for (String path : new String[] {"/console/nope.js", "/console/ConsoleResources.class", "/console/index",
        "/elsewhere", "/console/.hidden.css"}) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
      assertThat(response.body()).as(path).isEqualTo("{\"error\":\"not found\"}");
    }
  }

  @Test
  void pathsThatTryToLeaveTheFolderAreRefused() throws Exception {
    // sent byte for byte over a socket: an HTTP client library might normalise them away
    for (String path : new String[] {"/console/../logback.xml", "/console/..%2flogback.xml",
        "/console/%2e%2e/logback.xml", "/console/sub/../index.html", "/console//etc/passwd",
        "/console/..\\logback.xml", "/console/index.html%00.css"}) {
      assertThat(rawStatusLine(path)).as(path).matches("HTTP/1\\.1 40[04] .*");
    }
    ConsoleResources files = new ConsoleResources(getClass().getClassLoader(), "console/");
    assertThat(files.resolve("/console/../logback.xml")).isEmpty();
    assertThat(files.resolve("/console/console.js")).isPresent();
    // a resource outside the folder exists on the classpath, so only the name rules keep it out
    assertThat(getClass().getClassLoader().getResource("logback.xml")).isNotNull();
  }

  @Test
  void onlyGetAndHead() throws Exception {
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/console/"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri("/console/console.js"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private String rawStatusLine(String path) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return response.lines().findFirst().orElse("");
    }
  }
}
