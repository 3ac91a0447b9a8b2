package io.fakewatch.ingest;

import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.Frame;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoInfo;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.kafka.DeadLetters;
import io.fakewatch.metrics.FakeWatchMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fetch under the URI policy, decode and sample with FFmpeg, batch as JPEG; failures become a status. */
public final class FetchDecodeIngestor implements VideoIngestor {
  private static final Logger LOG = LoggerFactory.getLogger(FetchDecodeIngestor.class);
  static final String STAGE = "ingest";

  private final VideoFetcher fetcher;
  private final VideoDecoder decoder;
  private final FrameBatcher batcher;

  public FetchDecodeIngestor(IngestSettings settings) {
    this.fetcher = new VideoFetcher(settings);
    this.decoder = new VideoDecoder(settings);
    this.batcher = new FrameBatcher(settings.framesPerBatch(), settings.maxMessageBytes());
  }

  @Override
  public Outcome ingest(VideoRequest request) {
    long started = System.nanoTime();
    String videoId = request.getVideoId();
    FakeWatchMetrics.global().requestIn(STAGE);
    try (FetchedVideo video = fetcher.fetch(request.getUri())) {
      List<SampledFrame> frames = new ArrayList<>();
      VideoInfo info = decoder.decode(video.path(), video.bytes(), frames::add);
      List<List<Frame>> groups = batcher.batches(frames);
      long millis = (System.nanoTime() - started) / 1_000_000;
      FakeWatchMetrics.global().framesDecoded(frames.size());
      FakeWatchMetrics.global().stageLatency(STAGE, Duration.ofMillis(millis));
      List<FrameBatch> batches = new ArrayList<>();
      for (int i = 0; i < groups.size(); i++) {
        boolean last = i == groups.size() - 1;
        batches.add(base(request, i, last, millis).setFrames(groups.get(i))
            .setVideo(last ? info : null).setSampledFrames(last ? frames.size() : 0).build());
      }
      LOG.info("video {}: {} frames sampled from {}x{} {} in {} ms, {} batches", videoId, frames.size(),
          info.getWidth(), info.getHeight(), info.getCodec(), millis, batches.size());
      return new Outcome(batches, null);
    } catch (IngestFailure failure) {
      LOG.warn("video {}: {} ({}): {}", videoId, failure.status(), failure.reason(), failure.getMessage());
      return failed(request, failure.status(), failure.reason(), failure.getMessage(), started);
    } catch (RuntimeException e) {
      // a corrupt stream can break the decoder in ways it does not report as FFmpeg errors
      LOG.warn("video {}: decoding failed unexpectedly", videoId, e);
      return failed(request, Status.DECODE_ERROR, "DECODE", e.toString(), started);
    }
  }

  private static Outcome failed(VideoRequest request, Status status, String reason, String message, long started) {
    FrameBatch terminal = base(request, 0, true, (System.nanoTime() - started) / 1_000_000)
        .setStatus(status).setError(reason + ": " + message).build();
    DeadLetter letter = DeadLetters.of(STAGE, reason, message, request.getVideoId(), request.getUri());
    return new Outcome(List.of(terminal), letter);
  }

  private static FrameBatch.Builder base(VideoRequest request, int index, boolean last, long millis) {
    return FrameBatch.newBuilder().setVideoId(request.getVideoId()).setUri(request.getUri())
        .setRequestedAt(request.getRequestedAt()).setBatchIndex(index).setLast(last)
        .setTimings(Map.of(STAGE, millis));
  }
}
