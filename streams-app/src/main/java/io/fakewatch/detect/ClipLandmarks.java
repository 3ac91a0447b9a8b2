package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

import io.fakewatch.events.ClipSegment;
import io.fakewatch.events.DetectState;
import io.fakewatch.events.Frame;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.LandmarkSequences;
import io.fakewatch.events.TrackSequence;
import io.fakewatch.media.ClipSegmentDecoder;
import io.fakewatch.media.Jpeg;
import io.fakewatch.temporal.ClipSequencer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detect stage's work on one clip: check the frames are a consecutive run, find the faces on its first
 * frame and link them to the video's tracks, then hand the clip to the {@link ClipSequencer} for one
 * landmark sequence per face. Every clip gives one record, with sequences or the reason there are none.
 */
final class ClipLandmarks {
  private final FaceDetector detector;
  private final ClipSequencer sequencer;
  private final FaceTracker tracker;
  private final DetectSettings settings;

  /** @param sequencer null when the temporal path is off in this stage: every clip then says so */
  ClipLandmarks(FaceDetector detector, ClipSequencer sequencer, FaceTracker tracker, DetectSettings settings) {
    this.detector = detector;
    this.sequencer = sequencer;
    this.tracker = tracker;
    this.settings = settings;
  }

  String landmarkerId() {
    return sequencer == null ? "" : sequencer.landmarkerId();
  }

  LandmarkSequences process(FrameBatch clip, DetectState state) {
    List<Frame> frames = clip.getFrames();
    LandmarkSequences.Builder out = LandmarkSequences.newBuilder().setVideoId(clip.getVideoId()).setUri(clip.getUri())
        .setRequestedAt(clip.getRequestedAt()).setClipIndex(clip.getClipIndex()).setFrames(frames.size())
        .setStartFrame(frames.isEmpty() ? -1 : frames.get(0).getIndex()).setDetector(detector.id())
        .setLandmarker(landmarkerId()).setSequences(new ArrayList<>());
    String gap = gap(frames);
    if (sequencer == null) {
      return out.setReason("the temporal path is off in detect (detect.temporal.enabled=false)").build();
    }
    if (gap != null) {
      return out.setReason(gap).build();
    }
    Mat[] images = new Mat[frames.size()];
    try {
      String unreadable = clip.getClipSegment() != null ? decodePackets(clip.getClipSegment(), images) : decodeJpegs(frames, images);
      if (unreadable != null) {
        return out.setReason(unreadable).build();
      }
      List<Detection> faces = detector.detect(images[0]).stream().filter(f -> f.width() >= settings.minFacePx()).toList();
      if (faces.isEmpty()) {
        return out.setReason("no face on the clip's first frame " + frames.get(0).getIndex()).build();
      }
      int[] trackIds = tracker.assign(state, faces, frames.get(0).getIndex());
      List<ClipSequencer.Sequence> sequences = sequencer.sequences(Arrays.asList(images), faces);
      for (int i = 0; i < faces.size(); i++) {
        out.getSequences().add(sequence(trackIds[i], frames, sequences.get(i)));
      }
      return out.build();
    } finally {
      for (Mat image : images) {
        if (image != null) {
          image.close();
        }
      }
    }
  }

  private static TrackSequence sequence(int trackId, List<Frame> frames, ClipSequencer.Sequence sequence) {
    List<Float> values = new ArrayList<>(sequence.landmarks().length);
    for (float v : sequence.landmarks()) {
      values.add(v);
    }
    Frame first = frames.get(0);
    Frame last = frames.get(frames.size() - 1);
    return TrackSequence.newBuilder().setTrackId(trackId).setStartFrame(first.getIndex()).setEndFrame(last.getIndex())
        .setStartMicros(first.getTimestampMicros()).setEndMicros(last.getTimestampMicros())
        .setFrames(sequence.abstained() ? 0 : sequence.frames()).setLandmarkFrames(sequence.landmarkFrames())
        .setLandmarks(values).setAbstainReason(sequence.abstainReason()).build();
  }

  /**
   * Why these frames are not one consecutive run (frame numbers with a hole, or a time jump over twice the
   * median frame interval: a frame the decoder dropped), or null when they are.
   */
  static String gap(List<Frame> frames) {
    if (frames.size() < 2) {
      return "a clip of " + frames.size() + " frame is too short for motion";
    }
    long[] steps = new long[frames.size() - 1];
    for (int i = 1; i < frames.size(); i++) {
      if (frames.get(i).getIndex() != frames.get(i - 1).getIndex() + 1) {
        return "clip frames are not consecutive: frame " + frames.get(i).getIndex() + " follows "
            + frames.get(i - 1).getIndex();
      }
      steps[i - 1] = frames.get(i).getTimestampMicros() - frames.get(i - 1).getTimestampMicros();
    }
    long[] sorted = steps.clone();
    Arrays.sort(sorted);
    long median = sorted[sorted.length / 2];
    for (int i = 0; i < steps.length; i++) {
      if (steps[i] <= 0 || (median > 0 && steps[i] > 2 * median)) {
        return "clip frames are not consecutive in time: " + steps[i] / 1000.0 + " ms between frames "
            + frames.get(i).getIndex() + " and " + frames.get(i + 1).getIndex() + " (median " + median / 1000.0 + " ms)";
      }
    }
    return null;
  }

  /** Fills {@code images} from the clip's own packets; null, or why they do not give the clip's frames. */
  private static String decodePackets(ClipSegment segment, Mat[] images) {
    try {
      List<Mat> decoded = ClipSegmentDecoder.decode(segment, images.length);
      for (int i = 0; i < images.length; i++) {
        images[i] = decoded.get(i);
      }
      return null;
    } catch (ClipSegmentDecoder.Failure e) {
      return e.getMessage();
    }
  }

  /** Fills {@code images} from the frames' JPEGs, decoded in parallel; null, or which one is broken. */
  private static String decodeJpegs(List<Frame> frames, Mat[] images) {
    IntStream.range(0, images.length).parallel()
        .forEach(i -> images[i] = Jpeg.decode(Jpeg.bytes(frames.get(i).getJpeg()), IMREAD_COLOR));
    int broken = IntStream.range(0, images.length).filter(i -> images[i] == null).findFirst().orElse(-1);
    return broken < 0 ? null : "clip frame " + frames.get(broken).getIndex() + " is not a decodable JPEG";
  }
}
