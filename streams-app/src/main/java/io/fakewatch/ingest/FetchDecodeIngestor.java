package io.fakewatch.ingest;

import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoInfo;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.kafka.DeadLetters;
import io.fakewatch.metrics.FakeWatchMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetch under the URI policy (in this process), then decode, sample and batch as JPEG — in a worker process or
 * in this JVM, as configured; failures become a status. A crash guard counts attempts that never ended.
 */
public final class FetchDecodeIngestor implements VideoIngestor {
  private static final Logger LOG = LoggerFactory.getLogger(FetchDecodeIngestor.class);
  static final String STAGE = "ingest";

  private final VideoFetcher fetcher;
  private final VideoDecoding decoding;
  private final CrashGuard guard;

  /**
   * Decoding as {@code ingest.decode.isolation} says, its workers started on the first video, without a crash
   * guard (tools and tests of single requests).
   */
  public FetchDecodeIngestor(IngestSettings settings) {
    this(settings, VideoDecoding.of(settings, false), CrashGuard.NONE);
  }

  /** Takes ownership of {@code decoding}: closing the ingestor closes it. */
  public FetchDecodeIngestor(IngestSettings settings, VideoDecoding decoding, CrashGuard guard) {
    this.fetcher = new VideoFetcher(settings);
    this.decoding = decoding;
    this.guard = guard;
  }

  @Override
  public void close() {
    fetcher.close(); // releases the S3 client, if one was made
    decoding.close();
  }

  @Override
  public Outcome ingest(VideoRequest request) {
    long started = System.nanoTime();
    String videoId = request.getVideoId();
    FakeWatchMetrics.global().requestIn(STAGE);
    try {
      guard.enter(videoId);
      return read(request, started);
    } catch (IngestFailure failure) {
      LOG.warn("video {}: {} ({}): {}", videoId, failure.status(), failure.reason(), failure.getMessage());
      return failed(request, failure.status(), failure.reason(), failure.getMessage(), started);
    } catch (RuntimeException e) {
      // a corrupt stream can break the decoder in ways it does not report as FFmpeg errors
      LOG.warn("video {}: decoding failed unexpectedly", videoId, e);
      return failed(request, Status.DECODE_ERROR, "DECODE", e.toString(), started);
    } finally {
      guard.leave(videoId);
    }
  }

  private Outcome read(VideoRequest request, long started) throws IngestFailure {
    try (FetchedVideo video = fetcher.fetch(request.getUri())) {
      List<FrameBatch> batches = decoding.read(request, video.path(), video.bytes());
      long millis = (System.nanoTime() - started) / 1_000_000;
      for (FrameBatch batch : batches) {
        batch.setTimings(Map.of(STAGE, millis));
      }
      FrameBatch last = batches.get(batches.size() - 1);
      VideoInfo info = last.getVideo();
      FakeWatchMetrics.global().framesDecoded(last.getSampledFrames());
      FakeWatchMetrics.global().stageLatency(STAGE, Duration.ofMillis(millis));
      long asPackets = batches.stream().filter(b -> b.getClipSegment() != null).count();
      LOG.info("video {}: {} frames sampled and {} clips ({} as packets) from {}x{} {} in {} ms, {} records",
          request.getVideoId(), last.getSampledFrames(), last.getClips(), asPackets, info.getWidth(), info.getHeight(), info.getCodec(), millis,
          batches.size());
      return new Outcome(batches, null);
    }
  }

  private static Outcome failed(VideoRequest request, Status status, String reason, String message, long started) {
    FrameBatch terminal = VideoRecords.base(request).setBatchIndex(0).setLast(true)
        .setTimings(Map.of(STAGE, (System.nanoTime() - started) / 1_000_000)).setStatus(status).setError(reason + ": " + message).build();
    DeadLetter letter = DeadLetters.of(STAGE, reason, message, request.getVideoId(), request.getUri());
    return new Outcome(List.of(terminal), letter);
  }
}
