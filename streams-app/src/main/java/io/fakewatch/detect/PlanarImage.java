package io.fakewatch.detect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A reusable NCHW float input for one detector input size, per thread (sessions are shared by stream
 * threads; buffers are not): filled from a BGR image placed at the top-left, the rest padded with zero.
 */
final class PlanarImage {
  private final int width;
  private final int height;
  private final FloatBuffer tensor;
  private byte[] pixels = new byte[0];

  PlanarImage(int width, int height) {
    this.width = width;
    this.height = height;
    this.tensor = ByteBuffer.allocateDirect(3 * width * height * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  long[] shape() {
    return new long[] {1, 3, height, width};
  }

  /** Writes (value − mean) / std per channel, in RGB or BGR channel order, from a continuous 8-bit BGR Mat. */
  FloatBuffer fill(Mat bgr, boolean rgb, float mean, float std) {
    int w = bgr.cols();
    int h = bgr.rows();
    int bytes = w * h * 3;
    if (pixels.length < bytes) {
      pixels = new byte[bytes];
    }
    Mat source = bgr.isContinuous() ? bgr : bgr.clone();
    source.data().get(pixels, 0, bytes);
    int plane = width * height;
    float pad = (0 - mean) / std;
    for (int i = 0; i < 3 * plane; i++) {
      tensor.put(i, pad);
    }
    for (int y = 0; y < h; y++) {
      int row = y * width;
      int src = y * w * 3;
      for (int x = 0; x < w; x++) {
        int p = src + 3 * x;
        float b = ((pixels[p] & 0xff) - mean) / std;
        float g = ((pixels[p + 1] & 0xff) - mean) / std;
        float r = ((pixels[p + 2] & 0xff) - mean) / std;
        tensor.put(row + x, rgb ? r : b);
        tensor.put(plane + row + x, g);
        tensor.put(2 * plane + row + x, rgb ? b : r);
      }
    }
    if (source != bgr) {
      source.close();
    }
    tensor.rewind();
    return tensor;
  }
}
