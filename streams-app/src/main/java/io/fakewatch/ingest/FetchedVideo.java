package io.fakewatch.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A local copy of a video (or the verified original file); a temporary copy is deleted on close. */
public record FetchedVideo(Path path, long bytes, boolean temporary) implements AutoCloseable {
  @Override
  public void close() {
    if (temporary) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        org.slf4j.LoggerFactory.getLogger(FetchedVideo.class).warn("could not delete temp file {}: {}", path, e.toString());
      }
    }
  }
}
