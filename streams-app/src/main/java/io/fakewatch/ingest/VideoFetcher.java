package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Brings a video to a local file under the URI policy. file: is used in place after its checks;
 * http(s) streams to a temp file with our own client — never FFmpeg's protocol layer — following each
 * redirect by hand so every hop is checked, with a size cap and time-outs on connect, headers and silence.
 */
public final class VideoFetcher implements AutoCloseable {
  private final IngestSettings settings;
  private final UriPolicy policy;
  private final HttpClient http;
  private final ScheduledExecutorService watchdog;

  public VideoFetcher(IngestSettings settings) {
    this.settings = settings;
    this.policy = new UriPolicy(settings);
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ingest-fetch-watchdog");
      t.setDaemon(true);
      return t;
    });
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
      policy.checkHost(uri);
      HttpResponse<InputStream> response = send(uri);
      int status = response.statusCode();
      if (status >= 300 && status < 400) {
        closeQuietly(response.body());
        String location = response.headers().firstValue("location")
            .orElseThrow(() -> new IngestFailure(Status.FETCH_ERROR, "BAD_REDIRECT", "HTTP " + status + " without Location"));
        uri = policy.parse(uri.resolve(location).toString());
        if ("file".equalsIgnoreCase(uri.getScheme())) {
          throw new IngestFailure(Status.REJECTED, "REDIRECT_TO_FILE", "redirect to a file: URI refused");
        }
        continue;
      }
      if (status != 200) {
        closeQuietly(response.body());
        throw new IngestFailure(Status.FETCH_ERROR, "HTTP_" + status, "HTTP " + status + " from " + uri);
      }
      long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
      if (declared > settings.maxDownloadBytes()) {
        closeQuietly(response.body());
        throw new IngestFailure(Status.REJECTED, "TOO_LARGE", "Content-Length " + declared + " over the limit");
      }
      return save(response.body(), uri);
    }
    throw new IngestFailure(Status.FETCH_ERROR, "TOO_MANY_REDIRECTS", "more than " + settings.maxRedirects() + " redirects");
  }

  private HttpResponse<InputStream> send(URI uri) throws IngestFailure {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "TIMEOUT", "no response from " + uri.getHost() + " within " + settings.readTimeout());
    } catch (IOException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "CONNECT", "cannot fetch " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IngestFailure(Status.FETCH_ERROR, "INTERRUPTED", "interrupted fetching " + uri);
    }
  }

  /** Streams the body to a temp file; a stream silent for longer than the read time-out is cut. */
  private FetchedVideo save(InputStream body, URI uri) throws IngestFailure {
    Path temp = null;
    AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    ScheduledFuture<?> guard = watchdog.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastProgress.get() > settings.readTimeout().toNanos()) {
        closeQuietly(body);
      }
    }, 200, 200, TimeUnit.MILLISECONDS);
    try {
      Files.createDirectories(settings.tempDir());
      temp = Files.createTempFile(settings.tempDir(), "fakewatch-fetch-", ".video");
      long total = 0;
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = body; OutputStream out = Files.newOutputStream(temp)) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          total += n;
          lastProgress.set(System.nanoTime());
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
    } catch (IOException e) {
      delete(temp);
      boolean stalled = System.nanoTime() - lastProgress.get() > settings.readTimeout().toNanos();
      throw new IngestFailure(Status.FETCH_ERROR, stalled ? "TIMEOUT" : "READ",
          (stalled ? "download stalled for " + settings.readTimeout() : "download failed: " + e.getMessage()) + " from " + uri.getHost());
    } finally {
      guard.cancel(false);
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

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing to cut a stalled or unwanted body
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
