package io.fakewatch.detect;


import io.fakewatch.events.CropManifest;
import io.fakewatch.events.DetectState;
import io.fakewatch.events.FaceCrop;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.Frame;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.LandmarkSequences;
import io.fakewatch.events.Status;
import io.fakewatch.events.TrackCount;
import io.fakewatch.events.TrackState;
import io.fakewatch.kafka.DeadLetters;
import io.fakewatch.media.Jpeg;
import io.fakewatch.metrics.FakeWatchMetrics;
import io.fakewatch.temporal.ClipSequencer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per frame batch: decode each JPEG, find faces, link them to tracks, cut margin crops, and send the
 * batch's crops as one record. After the last batch, a manifest listing the kept tracks. Tracks and
 * counters live in the store, so a restart resumes a half-processed video where it was.
 */
final class DetectProcessor implements Processor<String, FrameBatch, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(DetectProcessor.class);

  private final DetectSettings settings;
  private final FaceDetector faceDetector;
  private final BatchDetector detector;
  private final FaceTracker tracker;
  private final ClipLandmarks clips;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, DetectState> store;

  /** @param sequencer the temporal path's landmark sequencer; null when it is off */
  DetectProcessor(DetectSettings settings, FaceDetector detector, ClipSequencer sequencer) {
    this.settings = settings;
    this.faceDetector = detector;
    this.detector = new BatchDetector(detector, settings);
    this.tracker = new FaceTracker(settings.trackIou());
    this.clips = new ClipLandmarks(detector, sequencer, tracker, settings);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.store = context.getStateStore(DetectTopology.STORE);
  }

  @Override
  public void process(Record<String, FrameBatch> record) {
    FrameBatch batch = record.value();
    String videoId = record.key();
    if (batch == null || videoId == null) {
      return;
    }
    if (batch.getStatus() != Status.OK) {
      store.delete(videoId);
      forward(record, manifest(batch, null, batch.getStatus(), batch.getError()));
      return;
    }
    long started = System.nanoTime();
    DetectState state = Optional.ofNullable(store.get(videoId)).orElseGet(() -> DetectState.newBuilder().setVideoId(videoId).build());
    if (batch.getClipIndex() >= 0) {
      processClip(record, batch, state, started);
    } else {
      processFrames(record, batch, state, started);
    }
    if (batch.getLast()) {
      CropManifest manifest = manifest(batch, state, Status.OK, null);
      LOG.info("video {}: {} crops in {} records, {} of {} frames with faces, {} kept tracks, {} sequences from {} clips",
          videoId, state.getTotalCrops(), state.getCropRecords(), state.getFramesWithFaces(), state.getFramesSeen(),
          manifest.getTracks().size(), state.getTotalSequences(), state.getSequenceRecords());
      store.delete(videoId);
      forward(record, manifest);
    } else {
      store.put(videoId, state);
    }
  }

  private void processClip(Record<String, FrameBatch> record, FrameBatch clip, DetectState state, long started) {
    LandmarkSequences sequences = clips.process(clip, state);
    long millis = (System.nanoTime() - started) / 1_000_000;
    state.setDetectMillis(state.getDetectMillis() + millis);
    state.setTemporalMillis(state.getTemporalMillis() + millis);
    state.setSequenceRecords(state.getSequenceRecords() + 1);
    state.setTotalSequences(state.getTotalSequences()
        + (int) sequences.getSequences().stream().filter(s -> !s.getLandmarks().isEmpty()).count());
    sequences.setTimings(timings(clip, millis));
    if (sequences.getReason() != null) {
      LOG.debug("video {}: clip {}: {}", clip.getVideoId(), clip.getClipIndex(), sequences.getReason());
    }
    forward(record, sequences);
  }

  private void processFrames(Record<String, FrameBatch> record, FrameBatch batch, DetectState state, long started) {
    String videoId = batch.getVideoId();
    List<FaceCrop> crops = new ArrayList<>();
    List<BatchDetector.FrameFaces> found = detector.detect(batch.getFrames().stream().map(DetectProcessor::jpegs).toList());
    for (int f = 0; f < found.size(); f++) {
      Frame frame = batch.getFrames().get(f);
      state.setFramesSeen(state.getFramesSeen() + 1);
      int before = crops.size();
      track(record, state, frame, found.get(f), crops);
      if (crops.size() > before) {
        state.setFramesWithFaces(state.getFramesWithFaces() + 1);
      } else {
        state.setFramesWithoutFaces(state.getFramesWithoutFaces() + 1);
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    FakeWatchMetrics.global().stageLatency("detect", java.time.Duration.ofMillis(millis));
    state.setDetectMillis(state.getDetectMillis() + millis);
    state.setCropRecords(state.getCropRecords() + 1);
    state.setTotalCrops(state.getTotalCrops() + crops.size());
    forward(record, FaceCrops.newBuilder().setVideoId(videoId).setUri(batch.getUri()).setRequestedAt(batch.getRequestedAt())
        .setBatchIndex(batch.getBatchIndex()).setFramesInBatch(batch.getFrames().size()).setCrops(crops)
        .setDetector(faceDetector.id()).setTimings(timings(batch, millis)).build());
  }

  private static FrameJpegs jpegs(Frame frame) {
    return new FrameJpegs(Jpeg.bytes(frame.getJpeg()), frame.getDetectionJpeg() == null ? null : Jpeg.bytes(frame.getDetectionJpeg()));
  }

  /** Links a frame's faces to tracks (in frame order: tracking is sequential) and adds its crops. */
  private void track(Record<String, FrameBatch> record, DetectState state, Frame frame, BatchDetector.FrameFaces found,
                     List<FaceCrop> crops) {
    if (!found.decoded()) {
      deadLetter(record, "MALFORMED_FRAME", "frame " + frame.getIndex() + " is not a decodable JPEG");
      return;
    }
    List<Detection> faces = found.faces();
    int[] trackIds = tracker.assign(state, faces, frame.getIndex());
    for (int i = 0; i < faces.size(); i++) {
      Detection face = faces.get(i);
      Optional<FaceCropper.Crop> crop = found.crops().get(i);
      if (crop.isEmpty()) {
        continue;
      }
      countCrop(state, trackIds[i]);
      List<Float> landmarks = new ArrayList<>();
      for (float v : face.landmarks()) {
        landmarks.add(v);
      }
      crops.add(FaceCrop.newBuilder().setFrameIndex(frame.getIndex()).setTimestampMicros(frame.getTimestampMicros())
          .setTrackId(trackIds[i]).setBox(FaceTracker.box(face)).setCropBox(crop.get().cropBox()).setLandmarks(landmarks)
          .setDetectorScore(face.score()).setWidth(crop.get().width()).setHeight(crop.get().height())
          .setJpeg(ByteBuffer.wrap(crop.get().jpeg())).setThumbnail(ByteBuffer.wrap(crop.get().thumbnail())).build());
    }
  }

  private static void countCrop(DetectState state, int trackId) {
    for (TrackState track : state.getTracks()) {
      if (track.getTrackId() == trackId) {
        track.setCrops(track.getCrops() + 1);
      }
    }
  }

  private CropManifest manifest(FrameBatch batch, DetectState state, Status status, String error) {
    CropManifest.Builder manifest = CropManifest.newBuilder().setVideoId(batch.getVideoId()).setUri(batch.getUri())
        .setRequestedAt(batch.getRequestedAt()).setVideo(batch.getVideo()).setSampledFrames(batch.getSampledFrames())
        .setDetector(faceDetector.id()).setStatus(status).setError(error).setTimings(new HashMap<>(batch.getTimings()));
    if (state == null) {
      return manifest.build();
    }
    int sampled = Math.max(batch.getSampledFrames(), state.getFramesSeen());
    // a very short video cannot show a face in 3 frames: ask for half of what it has, at most the setting
    int minFrames = Math.min(settings.minTrackFrames(), Math.max(1, sampled / 2));
    List<TrackCount> kept = state.getTracks().stream().filter(t -> t.getCrops() >= minFrames)
        .map(t -> new TrackCount(t.getTrackId(), t.getCrops(), t.getFirstFrame(), t.getLastFrame())).toList();
    manifest.getTimings().put("detect", state.getDetectMillis());
    if (state.getSequenceRecords() > 0) {
      manifest.getTimings().put("detect.temporal", state.getTemporalMillis());
    }
    manifest.setSequenceRecords(state.getSequenceRecords()).setTotalSequences(state.getTotalSequences())
        .setLandmarker(clips.landmarkerId());
    return manifest.setSampledFrames(sampled).setFramesWithFaces(state.getFramesWithFaces())
        .setFramesWithoutFaces(state.getFramesWithoutFaces()).setCropRecords(state.getCropRecords())
        .setTotalCrops(state.getTotalCrops()).setTracks(kept).setStatus(kept.isEmpty() ? Status.NO_FACES : Status.OK)
        .setError(kept.isEmpty() ? "no face track in " + minFrames + " or more of " + sampled + " sampled frames" : null)
        .build();
  }

  private static Map<String, Long> timings(FrameBatch batch, long millis) {
    Map<String, Long> timings = new HashMap<>(batch.getTimings());
    timings.put("detect", millis);
    return timings;
  }

  private void forward(Record<String, FrameBatch> record, Object value) {
    context.forward(new Record<>(record.key(), value, record.timestamp()), DetectTopology.CROPS_SINK);
  }

  private void deadLetter(Record<String, FrameBatch> record, String reason, String message) {
    LOG.warn("video {}: {}", record.key(), message);
    context.forward(new Record<String, Object>(record.key(),
        DeadLetters.of("detect", reason, message, record.key(), record.value().getUri()), record.timestamp()),
        DetectTopology.DEAD_LETTER_SINK);
  }
}
