package io.fakewatch.ingest;

import io.fakewatch.events.ClipSegment;
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
import java.util.Comparator;
import java.util.Optional;
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
  private final IngestSettings settings;

  public FetchDecodeIngestor(IngestSettings settings) {
    this.settings = settings;
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
      ClipCollector collected = new ClipCollector();
      VideoInfo info = decoder.decode(video.path(), video.bytes(), frames::add, collected);
      Map<Integer, List<SampledFrame>> clips = collected.frames();
      Map<Integer, ClipSegment> segments = collected.segments();
      List<FrameBatch.Builder> records = new ArrayList<>();
      for (List<Frame> group : batcher.batches(frames)) {
        records.add(base(request).setFrames(group));
      }
      int clipRecords = 0;
      for (Map.Entry<Integer, List<SampledFrame>> clip : clips.entrySet()) {
        ClipSegment segment = segments.get(clip.getKey());
        List<SampledFrame> clipFrames = clip.getValue();
        // a clip cut short by the end of the video is not a clip: LRNet reads whole 30-frame blocks
        Optional<List<Frame>> fitted = clipFrames.size() < settings.clipFrames() ? Optional.empty()
            : segment != null ? Optional.of(batcher.described(clipFrames))
            : clipFrames.get(0).jpeg().length == 0 ? Optional.empty() // packets that stopped matching the decode
            : batcher.clip(clipFrames);
        if (fitted.isPresent()) {
          records.add(base(request).setClipIndex(clipRecords++).setFrames(fitted.get()).setClipSegment(segment));
        } else {
          LOG.warn("video {}: clip {} left out ({} of {} frames, over the frames topic's size, or packets unlike the"
              + " decode)", videoId, clip.getKey(), clipFrames.size(), settings.clipFrames());
        }
      }
      // in frame order, so detect's tracker meets clips and sparse frames as the video runs
      records.sort(Comparator.comparingInt(r -> r.getFrames().get(0).getIndex()));
      long millis = (System.nanoTime() - started) / 1_000_000;
      FakeWatchMetrics.global().framesDecoded(frames.size());
      FakeWatchMetrics.global().stageLatency(STAGE, Duration.ofMillis(millis));
      List<FrameBatch> batches = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        boolean last = i == records.size() - 1;
        FrameBatch.Builder record = records.get(i).setBatchIndex(i).setLast(last).setTimings(Map.of(STAGE, millis));
        if (last) {
          record.setVideo(info).setSampledFrames(frames.size()).setClips(clipRecords);
        }
        batches.add(record.build());
      }
      LOG.info("video {}: {} frames sampled and {} clips ({} as packets) from {}x{} {} in {} ms, {} records", videoId,
          frames.size(), clipRecords, segments.size(), info.getWidth(), info.getHeight(), info.getCodec(), millis, batches.size());
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

  /** Releases the fetcher's clients (the S3 client's connection pool). */
  @Override
  public void close() {
    fetcher.close();
  }

  private static Outcome failed(VideoRequest request, Status status, String reason, String message, long started) {
    FrameBatch terminal = base(request).setBatchIndex(0).setLast(true)
        .setTimings(Map.of(STAGE, (System.nanoTime() - started) / 1_000_000)).setStatus(status).setError(reason + ": " + message).build();
    DeadLetter letter = DeadLetters.of(STAGE, reason, message, request.getVideoId(), request.getUri());
    return new Outcome(List.of(terminal), letter);
  }

  private static FrameBatch.Builder base(VideoRequest request) {
    return FrameBatch.newBuilder().setVideoId(request.getVideoId()).setUri(request.getUri())
        .setRequestedAt(request.getRequestedAt());
  }
}
