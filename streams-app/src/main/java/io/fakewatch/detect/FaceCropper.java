package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.fakewatch.events.Box;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cuts the face with its margin out of the full-resolution frame (never the downscaled one), clamped to
 * the frame, as JPEG. Too-small faces (too few pixels to classify) and implausibly large boxes are skipped.
 * Each crop also gets a thumbnail for the evidence store: the same region, longest side
 * {@code evidence.thumbnail.px} (never enlarged), as a small JPEG; empty when that is 0.
 */
public final class FaceCropper {
  /** A crop ready to publish. */
  public record Crop(Box cropBox, int width, int height, byte[] jpeg, byte[] thumbnail) {}

  private static final byte[] NONE = new byte[0];

  private final DetectSettings settings;

  public FaceCropper(DetectSettings settings) {
    this.settings = settings;
  }

  public boolean usable(Detection face, int frameWidth, int frameHeight) {
    return face.width() >= settings.minFacePx()
        && face.width() <= settings.maxFaceFraction() * frameWidth
        && face.height() <= settings.maxFaceFraction() * frameHeight;
  }

  public Optional<Crop> crop(Mat frame, Detection face) {
    return crop(face, frame.cols(), frame.rows(), (x0, y0, x1, y1) -> {
      try (Rect rect = new Rect(x0, y0, x1 - x0, y1 - y0)) {
        return frame.apply(rect);
      }
    });
  }

  /** The same crop from a frame decoded only where the crop lies; empty too when its JPEG is not decodable. */
  Optional<Crop> crop(FramePixels frame, Detection face) {
    return crop(face, frame.width(), frame.height(), frame::region);
  }

  @FunctionalInterface
  private interface Pixels {
    /** {@code [x0,x1)×[y0,y1)} of the frame, or null when it cannot be had. */
    Mat region(int x0, int y0, int x1, int y1);
  }

  private Optional<Crop> crop(Detection face, int frameWidth, int frameHeight, Pixels pixels) {
    if (!usable(face, frameWidth, frameHeight)) {
      return Optional.empty();
    }
    double cx = face.x() + face.width() / 2.0;
    double cy = face.y() + face.height() / 2.0;
    double w = face.width() * settings.marginWidth();
    double h = face.height() * settings.marginHeight();
    int x0 = (int) Math.max(0, Math.floor(cx - w / 2));
    int y0 = (int) Math.max(0, Math.floor(cy - h / 2));
    int x1 = (int) Math.min(frameWidth, Math.ceil(cx + w / 2));
    int y1 = (int) Math.min(frameHeight, Math.ceil(cy + h / 2));
    if (x1 - x0 < 2 || y1 - y0 < 2) {
      return Optional.empty();
    }
    try (Mat region = pixels.region(x0, y0, x1, y1)) {
      if (region == null) {
        return Optional.empty();
      }
      byte[] bytes = encode(region, settings.jpegQuality());
      return Optional.of(new Crop(new Box((float) x0, (float) y0, (float) (x1 - x0), (float) (y1 - y0)), x1 - x0, y1 - y0,
          bytes, thumbnail(region)));
    }
  }

  /** The region with its longest side at most {@code evidence.thumbnail.px}, as JPEG; empty when thumbnails are off. */
  byte[] thumbnail(Mat region) {
    int px = settings.thumbnailPx();
    if (px <= 0) {
      return NONE;
    }
    double scale = Math.min(1.0, (double) px / Math.max(region.cols(), region.rows()));
    if (scale >= 1.0) {
      return encode(region, settings.thumbnailQuality());
    }
    int w = Math.max(1, (int) Math.round(region.cols() * scale));
    int h = Math.max(1, (int) Math.round(region.rows() * scale));
    try (Mat small = new Mat(); Size size = new Size(w, h)) {
      resize(region, small, size, 0, 0, INTER_AREA);
      return encode(small, settings.thumbnailQuality());
    }
  }

  private static byte[] encode(Mat image, int quality) {
    try (BytePointer jpeg = new BytePointer(); IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
      imencode(".jpg", image, jpeg, params);
      byte[] bytes = new byte[(int) jpeg.limit()];
      jpeg.get(bytes);
      return bytes;
    }
  }
}
