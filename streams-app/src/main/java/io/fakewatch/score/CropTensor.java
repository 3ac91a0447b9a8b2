package io.fakewatch.score;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_core.transform;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.fakewatch.media.Jpeg;
import io.fakewatch.models.ModelSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A classifier's batch input, reused across batches (grown when a larger batch comes): JPEG crops decoded,
 * resized isotropically to the model's square input and padded with black (DFDC solutions do this:
 * stretching a face changes what the classifier sees), then scale/mean/std, colour order and layout from
 * the manifest.
 *
 * <p>Written for speed because Meso-sized models cost about as much per crop as this does: a crop far
 * larger than the input is decoded at 1/2–1/8 scale in the DCT domain (libjpeg), resized bilinearly (area
 * averaging only past 2× shrink, where bilinear would alias), and one OpenCV {@code transform} does colour
 * order and normalisation straight into views of the tensor's memory. Crops are spread over the calling
 * thread and the common pool: between two inference runs the other cores would otherwise idle.
 */
final class CropTensor {
  private final ModelSpec.Input spec;
  private final Mat affine;
  private final ThreadLocal<Scratch> scratch;
  private FloatBuffer buffer = FloatBuffer.allocate(0);
  private BytePointer memory;
  private int filled;

  CropTensor(ModelSpec.Input spec) {
    this.spec = spec;
    this.affine = affine(spec);
    this.scratch = ThreadLocal.withInitial(Scratch::new);
  }

  int pixelsPerCrop() {
    return spec.width() * spec.height() * 3;
  }

  /** Fills slots 0..n-1; returns false for a crop that does not decode (its slot is zeroed). */
  boolean[] fill(List<byte[]> jpegs) {
    int n = jpegs.size();
    int per = pixelsPerCrop();
    if (buffer.capacity() < n * per) {
      ByteBuffer bytes = ByteBuffer.allocateDirect(n * per * Float.BYTES).order(ByteOrder.nativeOrder());
      buffer = bytes.asFloatBuffer();
      memory = new BytePointer(bytes);
    }
    boolean[] ok = new boolean[n];
    IntStream slots = IntStream.range(0, n);
    (n > 1 ? slots.parallel() : slots).forEach(i -> ok[i] = scratch.get().put(jpegs.get(i), i));
    filled = n;
    buffer.clear().limit(n * per);
    return ok;
  }

  /** Mirrors every filled slot in place (test-time augmentation without decoding the crops again). */
  void mirror() {
    IntStream slots = IntStream.range(0, filled);
    (filled > 1 ? slots.parallel() : slots).forEach(i -> scratch.get().mirror(i));
  }

  FloatBuffer buffer() {
    return buffer;
  }

  long[] shape(int n) {
    return spec.nchw() ? new long[] {n, 3, spec.height(), spec.width()} : new long[] {n, spec.height(), spec.width(), 3};
  }

  /** out[c] = a[c] · in[source(c)] + b[c]: OpenCV's B, G, R order to the model's, and (v·scale − mean) / std. */
  private static Mat affine(ModelSpec.Input spec) {
    Mat m = new Mat(3, 4, CV_32F, Scalar.all(0));
    try (FloatIndexer at = m.createIndexer()) {
      for (int c = 0; c < 3; c++) {
        int source = spec.bgr() ? c : 2 - c;
        at.put(c, source, (float) (spec.scale() / spec.std()[c]));
        at.put(c, 3, (float) (-spec.mean()[c] / spec.std()[c]));
      }
    }
    return m;
  }

  /** The largest decode reduction (1, 2, 4, 8) that still leaves the crop at least the input's size. */
  static int reduction(int cropWidth, int cropHeight, int inputWidth, int inputHeight) {
    double room = Math.max((double) cropWidth / inputWidth, (double) cropHeight / inputHeight);
    int reduction = 1;
    while (reduction < 8 && reduction * 2 <= room) {
      reduction *= 2;
    }
    return reduction;
  }

  /** Per-thread working images; the tensor views point into the shared buffer, one slot per thread at a time. */
  private final class Scratch {
    private final Mat canvas = new Mat(spec.height(), spec.width(), CV_8UC3);
    private final Mat pixels = new Mat(spec.height(), spec.width(), CV_32FC3);
    private final Mat normalised = new Mat(spec.height(), spec.width(), CV_32FC3);

    boolean put(byte[] jpeg, int slot) {
      try (Mat image = decode(jpeg)) {
        if (image == null) {
          zero(slot);
          return false;
        }
        letterbox(image);
      }
      canvas.convertTo(pixels, CV_32FC3);
      if (spec.nchw()) {
        transform(pixels, normalised, affine);
        Mat[] planes = planes(slot);
        try (MatVector vector = new MatVector(planes)) {
          split(normalised, vector);
        } finally {
          close(planes);
        }
      } else {
        try (Mat view = view(slot, 0, CV_32FC3)) {
          transform(pixels, view, affine);
        }
      }
      return true;
    }

    void mirror(int slot) {
      if (spec.nchw()) {
        Mat[] planes = planes(slot);
        for (Mat plane : planes) {
          flip(plane, plane, 1);
        }
        close(planes);
      } else {
        try (Mat view = view(slot, 0, CV_32FC3)) {
          flip(view, view, 1);
        }
      }
    }

    private Mat decode(byte[] jpeg) {
      int[] size = Jpeg.dimensions(jpeg);
      int reduction = size == null ? 1 : reduction(size[0], size[1], spec.width(), spec.height());
      return Jpeg.decode(jpeg, switch (reduction) {
        case 2 -> IMREAD_REDUCED_COLOR_2;
        case 4 -> IMREAD_REDUCED_COLOR_4;
        case 8 -> IMREAD_REDUCED_COLOR_8;
        default -> IMREAD_COLOR;
      });
    }

    /** Resizes {@code image} into the centre of the black canvas, keeping its aspect ratio. */
    private void letterbox(Mat image) {
      double scale = Math.min((double) spec.width() / image.cols(), (double) spec.height() / image.rows());
      int w = Math.max(1, Math.min(spec.width(), (int) Math.round(image.cols() * scale)));
      int h = Math.max(1, Math.min(spec.height(), (int) Math.round(image.rows() * scale)));
      canvas.put(Scalar.all(0));
      try (Rect rect = new Rect((spec.width() - w) / 2, (spec.height() - h) / 2, w, h);
           Mat region = canvas.apply(rect);
           Size size = new Size(w, h)) {
        if (w == image.cols() && h == image.rows()) {
          image.copyTo(region);
        } else {
          resize(image, region, size, 0, 0, scale < 0.5 ? INTER_AREA : INTER_LINEAR);
        }
      }
    }

    private void zero(int slot) {
      int per = pixelsPerCrop();
      for (int i = 0; i < per; i++) {
        buffer.put(slot * per + i, 0f);
      }
    }

    private Mat[] planes(int slot) {
      int plane = spec.width() * spec.height();
      return new Mat[] {view(slot, 0, CV_32F), view(slot, plane, CV_32F), view(slot, 2 * plane, CV_32F)};
    }

    private static void close(Mat[] mats) {
      for (Mat mat : mats) {
        mat.close();
      }
    }

    /** A Mat over the tensor's memory: slot {@code slot}, {@code offset} floats in. */
    private Mat view(int slot, int offset, int type) {
      long floats = (long) slot * pixelsPerCrop() + offset;
      return new Mat(spec.height(), spec.width(), type, new BytePointer(memory).position(floats * Float.BYTES));
    }
  }
}
