package io.fakewatch.temporal;

import io.fakewatch.detect.Detection;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The temporal model's input from one clip: follows each face found on the clip's first frame through the
 * clip's consecutive frames and turns its 68 landmarks into LRNet's normalised, calibrated sequence. The
 * detect stage sees only this interface; the landmark model and OpenCV's optical flow stay behind it.
 */
public interface ClipSequencer extends AutoCloseable {
  /** "name@version" of the landmark model. */
  String landmarkerId();

  /**
   * @param frames the clip's consecutive BGR frames, in order
   * @param startFaces faces found on {@code frames.get(0)}, one sequence wanted per face
   * @return one sequence per start face, in the same order
   */
  List<Sequence> sequences(List<Mat> frames, List<Detection> startFaces);

  /**
   * A face's sequence: {@code frames} × 136 values (x0, y0 … x67, y67 per frame), or empty with the reason
   * the temporal model must abstain for this face.
   */
  record Sequence(float[] landmarks, int frames, int landmarkFrames, String abstainReason) {
    public static Sequence abstain(String reason, int frames) {
      return new Sequence(new float[0], frames, 0, reason);
    }

    public boolean abstained() {
      return landmarks.length == 0;
    }
  }

  @Override
  default void close() {}
}
