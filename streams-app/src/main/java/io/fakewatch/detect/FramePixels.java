package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

import io.fakewatch.media.Jpeg;
import io.fakewatch.media.JpegRegion;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * A frame's full-resolution pixels, decoded only where a crop needs them. When the frame was already decoded
 * whole (no detection copy came with it), regions are views of that; otherwise a region is decoded from just
 * the JPEG's restart intervals under it ({@link JpegRegion}) — at 1080p about a tenth of the whole decode —
 * and a JPEG without usable restart markers is decoded whole once. Used by one thread at a time.
 */
final class FramePixels implements AutoCloseable {
  private final byte[] jpeg;
  private final int width;
  private final int height;
  private Mat whole;
  private JpegRegion intervals;
  private boolean indexed;
  private boolean failed;

  private FramePixels(byte[] jpeg, Mat whole, int width, int height) {
    this.jpeg = jpeg;
    this.whole = whole;
    this.width = width;
    this.height = height;
  }

  /** A frame decoded whole already; closing this closes {@code whole}. */
  static FramePixels decoded(byte[] jpeg, Mat whole) {
    return new FramePixels(jpeg, whole, whole.cols(), whole.rows());
  }

  /** A frame not decoded yet, {@code size} as its header says ({width, height}). */
  static FramePixels encoded(byte[] jpeg, int[] size) {
    return new FramePixels(jpeg, null, size[0], size[1]);
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** True once a region was asked for and the JPEG could not be decoded. */
  boolean failed() {
    return failed;
  }

  /** {@code [x0,x1)×[y0,y1)} of the frame (inside it), or null when the JPEG is not decodable. The caller closes it. */
  Mat region(int x0, int y0, int x1, int y1) {
    if (whole == null) {
      Mat cut = fromIntervals(x0, y0, x1, y1);
      if (cut != null) {
        return cut;
      }
      whole = Jpeg.decode(jpeg, IMREAD_COLOR);
      if (whole == null || whole.cols() != width || whole.rows() != height) {
        failed = true;
        return null;
      }
    }
    try (Rect rect = new Rect(x0, y0, x1 - x0, y1 - y0)) {
      return whole.apply(rect);
    }
  }

  private Mat fromIntervals(int x0, int y0, int x1, int y1) {
    if (!indexed) {
      intervals = JpegRegion.index(jpeg);
      indexed = true;
    }
    if (intervals == null || intervals.width() != width || intervals.height() != height) {
      return null;
    }
    JpegRegion.Cut cut = intervals.cut(x0, y0, x1, y1);
    // the view keeps the decoded cut's pixels alive (OpenCV counts references) after this header is closed
    try (Mat decoded = Jpeg.decode(cut.jpeg(), IMREAD_COLOR); Rect rect = new Rect(x0 - cut.x(), y0 - cut.y(), x1 - x0, y1 - y0)) {
      if (decoded == null || decoded.cols() != cut.width() || decoded.rows() != cut.height()) {
        return null;
      }
      return decoded.apply(rect);
    }
  }

  @Override
  public void close() {
    if (whole != null) {
      whole.close();
    }
  }
}
