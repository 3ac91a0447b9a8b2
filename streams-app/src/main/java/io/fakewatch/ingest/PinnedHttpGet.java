package io.fakewatch.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET over a socket connected to the address the URI policy checked: no second DNS lookup,
 * so a DNS answer that changes after the check (rebinding) is never used. (The JDK's HttpClient takes
 * only host names before Java 18's resolver SPI.) https runs TLS over that socket and still verifies the
 * certificate against the URI's host name. {@code Connection: close}: the body is read by Content-Length,
 * chunked, or until the server closes; a read silent for longer than the read time-out fails with a
 * {@link SocketTimeoutException}, and so do response headers not complete within it.
 */
final class PinnedHttpGet implements Closeable {
  /** Status line plus headers; a server sending more is not a video server. */
  static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MAX_LINE_BYTES = 8 * 1024;
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private final Socket socket;
  private final int status;
  private final Map<String, String> headers;
  private final InputStream body;

  private PinnedHttpGet(Socket socket, int status, Map<String, String> headers, InputStream body) {
    this.socket = socket;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** Sends the request to {@code endpoint} and reads the response headers. */
  static PinnedHttpGet send(URI uri, InetSocketAddress endpoint, Duration connectTimeout, Duration readTimeout,
      SSLSocketFactory tls) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(endpoint, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
      String host = uri.getHost();
      Socket channel = "https".equalsIgnoreCase(uri.getScheme()) ? tls(socket, tls, host, endpoint.getPort()) : socket;
      OutputStream out = channel.getOutputStream();
      out.write(request(uri).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = new BufferedInputStream(channel.getInputStream());
      long deadline = System.nanoTime() + readTimeout.toNanos();
      int[] budget = {MAX_HEADER_BYTES};
      int status = statusCode(line(in, deadline, budget));
      Map<String, String> headers = new HashMap<>();
      for (String line = line(in, deadline, budget); !line.isEmpty(); line = line(in, deadline, budget)) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new ProtocolException("malformed header line");
        }
        headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
      }
      return new PinnedHttpGet(socket, status, headers, body(in, headers));
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  int status() {
    return status;
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The declared Content-Length, or -1 when the body is chunked or runs until the server closes. */
  long contentLength() {
    return body instanceof FixedLengthBody fixed ? fixed.length : -1;
  }

  InputStream body() {
    return body;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static String request(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String host = uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    return "GET " + path + query + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: FakeWatch-ingest\r\n"
        + "Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n";
  }

  /** TLS over the already connected socket: SNI and host name verification use the URI's host, not the address. */
  private static Socket tls(Socket plain, SSLSocketFactory factory, String host, int port) throws IOException {
    String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    SSLSocket ssl = (SSLSocket) factory.createSocket(plain, name, port, true);
    SSLParameters parameters = ssl.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!UriPolicy.isIpLiteral(host)) {
      try {
        parameters.setServerNames(List.of(new SNIHostName(name))); // SNI carries names, never IP literals
      } catch (IllegalArgumentException notAnSniName) {
        // e.g. an underscore or a trailing dot: no SNI; the certificate is still checked against the name
      }
    }
    ssl.setSSLParameters(parameters);
    ssl.startHandshake();
    return ssl;
  }

  private static int statusCode(String statusLine) throws ProtocolException {
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
      throw new ProtocolException("not an HTTP/1.x status line");
    }
    return Integer.parseInt(parts[1]);
  }

  private static InputStream body(InputStream in, Map<String, String> headers) throws ProtocolException {
    String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
    if (encoding.endsWith("chunked")) {
      return new ChunkedBody(in);
    }
    String length = headers.get("content-length");
    if (length == null) {
      return in; // Connection: close delimits the body
    }
    if (!length.matches("\\d{1,18}")) {
      throw new ProtocolException("bad Content-Length");
    }
    return new FixedLengthBody(in, Long.parseLong(length));
  }

  /** A CRLF- or LF-terminated line of at most MAX_LINE_BYTES, counted against the header budget. */
  private static String line(InputStream in, long deadline, int[] budget) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed in the response headers");
      }
      if (--budget[0] < 0 || line.size() >= MAX_LINE_BYTES) {
        throw new ProtocolException("response headers over " + MAX_HEADER_BYTES + " bytes");
      }
      if (deadline != NO_DEADLINE && System.nanoTime() - deadline > 0) {
        throw new SocketTimeoutException("response headers not complete within the read time-out");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** A body read in counted parts: Content-Length is one part, chunked encoding a part per chunk. */
  private abstract static class CountedBody extends InputStream {
    final InputStream in;
    long remaining;

    CountedBody(InputStream in) {
      this.in = in;
    }

    /** Starts the next part once the current one is used up; false at the end of the body. */
    abstract boolean nextPart() throws IOException;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
      if (remaining == 0 && !nextPart()) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(count, remaining));
      if (n < 0) {
        throw new EOFException("connection closed " + remaining + " bytes before the end of the body");
      }
      remaining -= n;
      return n;
    }
  }

  /** Exactly {@code length} bytes; a connection closed earlier is an error, not a short video. */
  private static final class FixedLengthBody extends CountedBody {
    private final long length;

    FixedLengthBody(InputStream in, long length) {
      super(in);
      this.length = length;
      this.remaining = length;
    }

    @Override
    boolean nextPart() {
      return false;
    }
  }

  /** Transfer-Encoding: chunked — hex size lines, data, and a zero-size chunk with optional trailers. */
  private static final class ChunkedBody extends CountedBody {
    private boolean first = true;
    private boolean done;

    ChunkedBody(InputStream in) {
      super(in);
    }

    @Override
    boolean nextPart() throws IOException {
      if (done) {
        return false;
      }
      if (!first && !line().isEmpty()) {
        throw new ProtocolException("chunk data longer than its size");
      }
      first = false;
      remaining = chunkSize(line());
      if (remaining == 0) {
        while (!line().isEmpty()) {
          // trailer fields: not used
        }
        done = true;
      }
      return !done;
    }

    private String line() throws IOException {
      return PinnedHttpGet.line(in, NO_DEADLINE, new int[] {MAX_LINE_BYTES});
    }

    private static long chunkSize(String line) throws ProtocolException {
      String hex = line.split(";", 2)[0].strip();
      if (!hex.matches("[0-9a-fA-F]{1,15}")) {
        throw new ProtocolException("bad chunk size");
      }
      return Long.parseLong(hex, 16);
    }
  }
}
