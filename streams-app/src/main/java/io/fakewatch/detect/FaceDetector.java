package io.fakewatch.detect;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Finds faces in a full-resolution BGR frame; the detector downscales as it needs, boxes come back in frame pixels. */
public interface FaceDetector extends AutoCloseable {
  /** "name@version" of the model, for the manifest and the verdict. */
  String id();

  List<Detection> detect(Mat bgr);

  @Override
  default void close() {}
}
