package io.fakewatch.ingest;

import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.VideoRequest;
import java.util.List;

/** Turns one request into its frame batches (the last marked), or one terminal batch plus a dead letter. */
public interface VideoIngestor extends AutoCloseable {
  /** What a request became. {@code deadLetter} is null when the video was read. */
  record Outcome(List<FrameBatch> batches, DeadLetter deadLetter) {}

  Outcome ingest(VideoRequest request);

  @Override
  default void close() {}
}
