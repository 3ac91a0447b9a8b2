package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.split;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A reusable NCHW float input for one detector input size: filled from a BGR image placed at the top-left,
 * the rest padded. OpenCV writes straight into views of the tensor's three planes (a per-pixel Java loop
 * over 640×640×3 floats took longer than a tenth of YuNet's inference). Not thread-safe: detectors keep a
 * pool of these so frames can be prepared on several threads.
 */
final class PlanarImage {
  private final int width;
  private final int height;
  private final FloatBuffer tensor;
  private final Mat[] planes = new Mat[3];
  // what the padding outside the image holds: written again only when the image size or the value changes
  private int paddedWidth = -1;
  private int paddedHeight = -1;
  private double paddedValue = Double.NaN;

  PlanarImage(int width, int height) {
    this.width = width;
    this.height = height;
    ByteBuffer bytes = ByteBuffer.allocateDirect(3 * width * height * Float.BYTES).order(ByteOrder.nativeOrder());
    this.tensor = bytes.asFloatBuffer();
    BytePointer memory = new BytePointer(bytes);
    for (int c = 0; c < 3; c++) {
      planes[c] = new Mat(height, width, CV_32F, new BytePointer(memory).position((long) c * width * height * Float.BYTES));
    }
  }

  /** The filled input, rewound. */
  FloatBuffer tensor() {
    return tensor.rewind();
  }

  long[] shape() {
    return new long[] {1, 3, height, width};
  }

  /** Writes (value − mean) / std per channel, in RGB or BGR channel order, from an 8-bit BGR Mat no larger than the input. */
  void fill(Mat bgr, boolean rgb, float mean, float std) {
    int w = Math.min(bgr.cols(), width);
    int h = Math.min(bgr.rows(), height);
    double pad = (0 - mean) / std;
    boolean repad = (w < width || h < height) && (w != paddedWidth || h != paddedHeight || pad != paddedValue);
    try (MatVector channels = new MatVector(); Rect rect = new Rect(0, 0, w, h)) {
      split(bgr, channels);
      for (int c = 0; c < 3; c++) {
        Mat plane = planes[c];
        if (repad) {
          plane.put(Scalar.all(pad));
        }
        // OpenCV gives B, G, R: plane c of an RGB model takes channel 2 - c
        try (Mat region = plane.apply(rect); Mat source = channels.get(rgb ? 2 - c : c).apply(rect)) {
          source.convertTo(region, CV_32F, 1.0 / std, -mean / std);
        }
      }
    }
    paddedWidth = w;
    paddedHeight = h;
    paddedValue = pad;
  }
}
