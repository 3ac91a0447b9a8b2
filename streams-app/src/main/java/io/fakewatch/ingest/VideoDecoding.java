package io.fakewatch.ingest;

import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.VideoRequest;
import java.nio.file.Path;
import java.util.List;

/** Where a local video becomes its records: in this JVM ({@link VideoRecords}) or in a worker process ({@link DecoderPool}). */
public interface VideoDecoding extends AutoCloseable {
  List<FrameBatch> read(VideoRequest request, Path file, long bytes) throws IngestFailure;

  @Override
  default void close() {}

  /** What {@code ingest.decode.isolation} asks for; {@code warm}: start the workers now rather than on the first video. */
  static VideoDecoding of(IngestSettings settings, boolean warm) {
    return settings.isolated() ? new DecoderPool(settings, DecodeWorker.class, warm) : new VideoRecords(settings);
  }
}
