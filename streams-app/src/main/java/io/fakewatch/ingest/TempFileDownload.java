package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A response body streamed to a temp file, for http(s) and s3:// alike: cut at {@code ingest.max.download.bytes}
 * whatever the headers promised, at the fetch deadline (checked after every read, so a trickle inside the
 * read time-out ends too), and after a silence of the read time-out (the client's socket time-out). On any
 * failure the partial file is deleted.
 */
final class TempFileDownload {
  private TempFileDownload() {}

  static FetchedVideo save(InputStream body, String from, IngestSettings settings, FetchDeadline deadline) throws IngestFailure {
    Path temp = null;
    boolean saved = false;
    try {
      Files.createDirectories(settings.tempDir());
      temp = Files.createTempFile(settings.tempDir(), "fakewatch-fetch-", ".video");
      long total = copy(body, temp, from, settings, deadline);
      saved = true;
      return new FetchedVideo(temp, total, true);
    } catch (IOException e) {
      if (deadline.passed()) {
        throw deadline.failure(from); // the client's own call time-out cut the stream
      }
      if (e instanceof SocketTimeoutException) {
        throw new IngestFailure(Status.FETCH_ERROR, "TIMEOUT", "download stalled for " + settings.readTimeout() + " from " + from);
      }
      throw new IngestFailure(Status.FETCH_ERROR, "READ", "download failed: " + e.getMessage() + " from " + from);
    } finally {
      if (!saved) {
        delete(temp); // also when a client library throws its own unchecked exception mid-body
      }
    }
  }

  private static long copy(InputStream body, Path temp, String from, IngestSettings settings, FetchDeadline deadline)
      throws IOException, IngestFailure {
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(temp)) {
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        total += n;
        if (total > settings.maxDownloadBytes()) {
          throw new IngestFailure(Status.REJECTED, "TOO_LARGE", "more than " + settings.maxDownloadBytes() + " bytes from " + from);
        }
        out.write(buffer, 0, n);
        if (deadline.passed()) {
          throw deadline.failure(from);
        }
      }
    }
    return total;
  }

  static void delete(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort; the temp dir is ours
      }
    }
  }
}
