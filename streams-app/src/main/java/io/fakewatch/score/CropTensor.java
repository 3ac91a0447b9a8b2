package io.fakewatch.score;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.fakewatch.models.ModelSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A classifier's batch input, reused across batches (grown when a larger batch comes): JPEG crops
 * decoded, resized isotropically to the model's square input and padded with black (DFDC solutions do
 * this: stretching a face changes what the classifier sees), then scale/mean/std, colour order and layout
 * from the manifest.
 */
final class CropTensor {
  private final ModelSpec.Input spec;
  private FloatBuffer buffer = FloatBuffer.allocate(0);
  private byte[] pixels;

  CropTensor(ModelSpec.Input spec) {
    this.spec = spec;
    this.pixels = new byte[spec.width() * spec.height() * 3];
  }

  int pixelsPerCrop() {
    return spec.width() * spec.height() * 3;
  }

  /** Fills slots 0..n-1; returns false for a crop that does not decode (its slot is zeroed). */
  boolean[] fill(java.util.List<byte[]> jpegs, boolean mirrored) {
    int n = jpegs.size();
    int per = pixelsPerCrop();
    if (buffer.capacity() < n * per) {
      buffer = ByteBuffer.allocateDirect(n * per * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
    buffer.clear();
    boolean[] ok = new boolean[n];
    for (int i = 0; i < n; i++) {
      ok[i] = put(jpegs.get(i), i * per, mirrored);
    }
    buffer.rewind();
    buffer.limit(n * per);
    return ok;
  }

  FloatBuffer buffer() {
    return buffer;
  }

  long[] shape(int n) {
    return spec.nchw() ? new long[] {n, 3, spec.height(), spec.width()} : new long[] {n, spec.height(), spec.width(), 3};
  }

  private boolean put(byte[] jpeg, int offset, boolean mirrored) {
    try (BytePointer data = new BytePointer(jpeg);
         Mat encoded = new Mat(1, jpeg.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, data);
         Mat image = imdecode(encoded, IMREAD_COLOR)) {
      if (image.empty()) {
        for (int i = 0; i < pixelsPerCrop(); i++) {
          buffer.put(offset + i, 0f);
        }
        return false;
      }
      try (Mat square = letterbox(image)) {
        if (mirrored) {
          flip(square, square, 1);
        }
        square.data().get(pixels, 0, pixels.length);
      }
    }
    writePixels(offset);
    return true;
  }

  private Mat letterbox(Mat image) {
    double scale = Math.min((double) spec.width() / image.cols(), (double) spec.height() / image.rows());
    int w = Math.max(1, (int) Math.round(image.cols() * scale));
    int h = Math.max(1, (int) Math.round(image.rows() * scale));
    Mat resized = new Mat();
    resize(image, resized, new Size(w, h), 0, 0, scale < 1 ? INTER_AREA : INTER_LINEAR);
    if (w == spec.width() && h == spec.height()) {
      return resized;
    }
    Mat padded = new Mat();
    int left = (spec.width() - w) / 2;
    int top = (spec.height() - h) / 2;
    copyMakeBorder(resized, padded, top, spec.height() - h - top, left, spec.width() - w - left, BORDER_CONSTANT,
        new Scalar(0, 0, 0, 0));
    resized.close();
    return padded;
  }

  private void writePixels(int offset) {
    int plane = spec.width() * spec.height();
    boolean rgb = !spec.bgr();
    float scale = (float) spec.scale();
    float[] mean = {(float) spec.mean()[0], (float) spec.mean()[1], (float) spec.mean()[2]};
    float[] std = {(float) spec.std()[0], (float) spec.std()[1], (float) spec.std()[2]};
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        // OpenCV gives BGR; channel c of the model is R,G,B (rgb) or B,G,R
        int source = rgb ? 2 - c : c;
        float v = ((pixels[3 * p + source] & 0xff) * scale - mean[c]) / std[c];
        buffer.put(spec.nchw() ? offset + c * plane + p : offset + 3 * p + c, v);
      }
    }
  }
}
