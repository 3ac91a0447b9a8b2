package io.fakewatch.ingest;

import io.fakewatch.events.ClipSegment;
import io.fakewatch.events.Frame;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.VideoInfo;
import io.fakewatch.events.VideoRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local video file → its {@code FrameBatch} records: probe, decode, sampling, JPEG, batching; sparse
 * batches and clips in frame order, the last record carrying the video's info. The unit of work of a decoder
 * worker and of the in-process path alike, so both send the same records.
 */
public final class VideoRecords implements VideoDecoding {
  private static final Logger LOG = LoggerFactory.getLogger(VideoRecords.class);

  private final VideoDecoder decoder;
  private final FrameBatcher batcher;
  private final IngestSettings settings;

  public VideoRecords(IngestSettings settings) {
    this.settings = settings;
    this.decoder = new VideoDecoder(settings);
    this.batcher = new FrameBatcher(settings.framesPerBatch(), settings.maxMessageBytes());
  }

  /** The video's records; their timings hold the decode time alone (the stage puts its own over them). */
  @Override
  public List<FrameBatch> read(VideoRequest request, Path file, long bytes) throws IngestFailure {
    long started = System.nanoTime();
    String videoId = request.getVideoId();
    List<SampledFrame> frames = new ArrayList<>();
    ClipCollector collected = new ClipCollector();
    VideoInfo info = decoder.decode(file, bytes, frames::add, collected);
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
    Map<String, Long> timings = Map.of(FetchDecodeIngestor.STAGE, (System.nanoTime() - started) / 1_000_000);
    List<FrameBatch> batches = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      boolean last = i == records.size() - 1;
      FrameBatch.Builder record = records.get(i).setBatchIndex(i).setLast(last).setTimings(timings);
      if (last) {
        record.setVideo(info).setSampledFrames(frames.size()).setClips(clipRecords);
      }
      batches.add(record.build());
    }
    return batches;
  }

  static FrameBatch.Builder base(VideoRequest request) {
    return FrameBatch.newBuilder().setVideoId(request.getVideoId()).setUri(request.getUri())
        .setRequestedAt(request.getRequestedAt());
  }
}
