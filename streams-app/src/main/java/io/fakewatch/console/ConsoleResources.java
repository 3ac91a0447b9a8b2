package io.fakewatch.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web console: plain static files from {@code console/} on the classpath (in the jar), served by the
 * JDK's HTTP server. {@code /console/NAME} serves a file, {@code /} redirects to {@code /console/}; the
 * console itself talks to {@code /api/...}. Only flat names of known types are served, so no path
 * ({@code ..}, {@code /}, {@code %2e}) can leave the folder. Each answer carries an ETag; the browser
 * revalidates ({@code no-cache}) and gets a 304 when nothing changed.
 */
public final class ConsoleResources implements HttpHandler {
  public static final String PREFIX = "/console/";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*\\.[a-z0-9]{1,5}");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "json", "application/json");
  static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final ClassLoader loader;
  private final String folder;

  ConsoleResources(ClassLoader loader, String folder) {
    this.loader = loader;
    this.folder = folder;
  }

  /**
   * Serves the console on {@code server}: {@code /console/} and {@code /} (a redirect to the console; any
   * other path that no more specific context claims answers a JSON 404). Call before or after the API
   * creates its {@code /api/} context: the longest matching context wins.
   */
  public static void mount(HttpServer server) {
    ConsoleResources console = new ConsoleResources(ConsoleResources.class.getClassLoader(), "console/");
    server.createContext(PREFIX, console);
    server.createContext("/", console);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "application/json", error("method not allowed"));
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      if (path.equals("/") || path.equals("/console")) {
        exchange.getResponseHeaders().set("Location", PREFIX);
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      Optional<Resource> resource = resolve(path);
      if (resource.isEmpty()) {
        send(exchange, 404, "application/json", error("not found"));
        return;
      }
      Resource found = resource.get();
      exchange.getResponseHeaders().set("ETag", found.etag());
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
      exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      if (found.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      send(exchange, 200, found.type(), found.bytes());
    }
  }

  /** The file a raw request path names, if it is a console file of a known type. */
  Optional<Resource> resolve(String rawPath) throws IOException {
    if (!rawPath.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String name = rawPath.substring(PREFIX.length());
    if (name.isEmpty()) {
      name = "index.html";
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    if (type == null) {
      return Optional.empty();
    }
    try (InputStream in = loader.getResourceAsStream(folder + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      return Optional.of(new Resource(type, bytes, etag(bytes)));
    }
  }

  record Resource(String type, byte[] bytes, String etag) {}

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] error(String message) {
    return ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
