package io.fakewatch.detect;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds faces in a full-resolution BGR frame; the detector downscales as it needs, boxes come back in frame
 * pixels. Two phases so a batch's frames can be prepared in parallel while inference runs one at a time.
 */
public interface FaceDetector extends AutoCloseable {
  /** "name@version" of the model, for the manifest and the verdict. */
  String id();

  /** The model input for one frame; thread-safe. Close it (or pass it to {@link #detect(Prepared)}) when done. */
  Prepared prepare(Mat bgr);

  /** Runs the model on a prepared frame and releases its input. */
  List<Detection> detect(Prepared input);

  default List<Detection> detect(Mat bgr) {
    return detect(prepare(bgr));
  }

  @Override
  default void close() {}

  /** A frame's model input and what it takes to map boxes back to the frame. */
  interface Prepared extends AutoCloseable {
    @Override
    void close();
  }
}
