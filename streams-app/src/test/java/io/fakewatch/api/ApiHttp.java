package io.fakewatch.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.0 over a plain socket: the request line goes out byte for byte, so a {@code ..}, {@code %2e%2e} or
 * {@code //} in the path reaches the server as written (a URI-based client could normalise it away).
 */
final class ApiHttp {
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String contentType() {
      return headers.getOrDefault("content-type", "");
    }
  }

  private ApiHttp() {}

  static Response get(int port, String rawPath, String token) throws IOException {
    return send(port, "GET", rawPath, token, null);
  }

  static Response post(int port, String rawPath, String token, String body) throws IOException {
    return send(port, "POST", rawPath, token, body.getBytes(StandardCharsets.UTF_8));
  }

  static Response send(int port, String method, String rawPath, String token, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      StringBuilder head = new StringBuilder(method + " " + rawPath + " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
      if (token != null) {
        head.append("Authorization: Bearer ").append(token).append("\r\n");
      }
      if (body != null) {
        head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Response parse(byte[] raw) {
    int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    String[] lines = new String(raw, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(raw, split + 4, raw.length - split - 4);
    return new Response(status, headers, body.toByteArray());
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("no end of headers in " + data.length + " bytes");
  }

  static InputStream stream(byte[] bytes) {
    return new java.io.ByteArrayInputStream(bytes);
  }
}
