package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Brings a video to a local file under the URI policy. file: is used in place after its checks;
 * http(s) streams to a temp file with our own client — never FFmpeg's protocol layer — connecting to the
 * address the policy checked (no DNS rebinding), following each redirect by hand so every hop is checked,
 * with a size cap and time-outs on connect, response headers and silence.
 */
public final class VideoFetcher {
  private final IngestSettings settings;
  private final UriPolicy policy;
  private final SSLSocketFactory tls;

  public VideoFetcher(IngestSettings settings) {
    this(new UriPolicy(settings), settings, defaultTls());
  }

  /** With a given policy (its resolver) and TLS trust, for tests. */
  VideoFetcher(UriPolicy policy, IngestSettings settings, SSLSocketFactory tls) {
    this.settings = settings;
    this.policy = policy;
    this.tls = tls;
  }

  public FetchedVideo fetch(String rawUri) throws IngestFailure {
    URI uri = policy.parse(rawUri);
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      Path file = policy.checkFile(uri);
      long bytes = size(file);
      if (bytes > settings.maxDownloadBytes()) {
        throw new IngestFailure(Status.REJECTED, "TOO_LARGE", bytes + " bytes, over the limit of " + settings.maxDownloadBytes());
      }
      return new FetchedVideo(file, bytes, false);
    }
    return download(uri);
  }

  private FetchedVideo download(URI start) throws IngestFailure {
    URI uri = start;
    for (int hop = 0; hop <= settings.maxRedirects(); hop++) {
      InetSocketAddress checked = policy.checkHost(uri);
      PinnedHttpGet response = send(uri, checked);
      try {
        int status = response.status();
        if (status >= 300 && status < 400) {
          String location = response.header("location")
              .orElseThrow(() -> new IngestFailure(Status.FETCH_ERROR, "BAD_REDIRECT", "HTTP " + status + " without Location"));
          uri = policy.parse(uri.resolve(location).toString());
          if ("file".equalsIgnoreCase(uri.getScheme())) {
            throw new IngestFailure(Status.REJECTED, "REDIRECT_TO_FILE", "redirect to a file: URI refused");
          }
          continue;
        }
        if (status != 200) {
          throw new IngestFailure(Status.FETCH_ERROR, "HTTP_" + status, "HTTP " + status + " from " + uri);
        }
        if (response.contentLength() > settings.maxDownloadBytes()) {
          throw new IngestFailure(Status.REJECTED, "TOO_LARGE", "Content-Length " + response.contentLength() + " over the limit");
        }
        return save(response.body(), uri);
      } finally {
        closeQuietly(response);
      }
    }
    throw new IngestFailure(Status.FETCH_ERROR, "TOO_MANY_REDIRECTS", "more than " + settings.maxRedirects() + " redirects");
  }

  private PinnedHttpGet send(URI uri, InetSocketAddress checked) throws IngestFailure {
    try {
      return PinnedHttpGet.send(uri, checked, settings.connectTimeout(), settings.readTimeout(), tls);
    } catch (SocketTimeoutException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "TIMEOUT", "no response from " + uri.getHost() + " within "
          + settings.readTimeout() + " (connect: " + settings.connectTimeout() + "): " + e.getMessage());
    } catch (SSLException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "TLS", "TLS with " + uri.getHost() + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "CONNECT", "cannot fetch " + uri + ": " + e, e);
    }
  }

  /** Streams the body to a temp file; a body silent for longer than the read time-out is cut off. */
  private FetchedVideo save(InputStream body, URI uri) throws IngestFailure {
    Path temp = null;
    try {
      Files.createDirectories(settings.tempDir());
      temp = Files.createTempFile(settings.tempDir(), "fakewatch-fetch-", ".video");
      long total = 0;
      byte[] buffer = new byte[64 * 1024];
      try (OutputStream out = Files.newOutputStream(temp)) {
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
          total += n;
          if (total > settings.maxDownloadBytes()) {
            throw new IngestFailure(Status.REJECTED, "TOO_LARGE", "more than " + settings.maxDownloadBytes() + " bytes from " + uri.getHost());
          }
          out.write(buffer, 0, n);
        }
      }
      return new FetchedVideo(temp, total, true);
    } catch (IngestFailure e) {
      delete(temp);
      throw e;
    } catch (SocketTimeoutException e) {
      delete(temp);
      throw new IngestFailure(Status.FETCH_ERROR, "TIMEOUT", "download stalled for " + settings.readTimeout() + " from " + uri.getHost());
    } catch (IOException e) {
      delete(temp);
      throw new IngestFailure(Status.FETCH_ERROR, "READ", "download failed: " + e.getMessage() + " from " + uri.getHost());
    }
  }

  private static SSLSocketFactory defaultTls() {
    try {
      return SSLContext.getDefault().getSocketFactory();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context", e);
    }
  }

  private static long size(Path file) throws IngestFailure {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "UNREADABLE", "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static void delete(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort; the temp dir is ours
      }
    }
  }

  private static void closeQuietly(PinnedHttpGet response) {
    try {
      response.close();
    } catch (IOException ignored) {
      // the body was read or is not wanted
    }
  }
}
