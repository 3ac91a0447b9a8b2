package io.fakewatch.ingest;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_RST_INTERVAL;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_420;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.fakewatch.events.Status;
import io.fakewatch.media.Upright;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Turns a decoded picture into what the frame events carry: upright JPEG. A sampled frame is made for the
 * detect stage, which finds faces at about 640 px and cuts crops at full resolution, so with
 * {@code ingest.detection.copy.px} on it gets two things that spare detect the full-resolution decode
 * (docs/benchmarks.md, "Detect near its raw limit"): a copy scaled down to fit that size, for the detector,
 * and restart markers in the full JPEG every few MCUs, so detect decodes only the intervals under a face
 * ({@code media.JpegRegion}). Restart markers cost about 2–3 % in bytes and change no pixel. Clip frames,
 * which detect decodes whole, are plain JPEG.
 */
final class FrameEncoder {
  private static final int MCU_WIDTH = 16; // 4:2:0, set explicitly below
  private static final int MAX_RESTART_MCUS = 4;

  private final IngestSettings settings;

  FrameEncoder(IngestSettings settings) {
    this.settings = settings;
  }

  /** A sampled frame for the frame classifier's path. */
  SampledFrame sampled(Mat bgr, int rotation, int index, long timestamp) throws IngestFailure {
    int copyPx = settings.detectionCopyPx();
    return encode(bgr, rotation, upright -> {
      if (copyPx <= 0) {
        return new SampledFrame(index, timestamp, upright.cols(), upright.rows(), jpeg(upright, settings.jpegQuality(), 0, index));
      }
      byte[] full = jpeg(upright, settings.jpegQuality(), restartInterval(upright.cols()), index);
      return new SampledFrame(index, timestamp, upright.cols(), upright.rows(), full, detectionCopy(upright, copyPx, settings.jpegQuality(), index));
    });
  }

  /** A frame of a clip sent as JPEG (ingest.clip.transport=jpeg, or a clip whose packets could not be cut). */
  SampledFrame clipFrame(Mat bgr, int rotation, int index, long timestamp) throws IngestFailure {
    return encode(bgr, rotation, upright ->
        new SampledFrame(index, timestamp, upright.cols(), upright.rows(), jpeg(upright, settings.clipJpegQuality(), 0, index)));
  }

  /**
   * The largest restart interval, up to 4 MCUs (64 px), that divides an MCU row, so that every interval lies
   * within one row and a crop takes whole intervals (a width of 45 MCUs gets 3, a prime width 1).
   */
  static int restartInterval(int width) {
    int perRow = (width + MCU_WIDTH - 1) / MCU_WIDTH;
    for (int interval = MAX_RESTART_MCUS; interval > 1; interval--) {
      if (perRow % interval == 0) {
        return interval;
      }
    }
    return 1;
  }

  /** The frame scaled to fit {@code px} on its longer side (bilinear, as detect downscales), or null when it fits already. */
  private static byte[] detectionCopy(Mat upright, int px, int quality, int index) throws IngestFailure {
    double scale = (double) px / Math.max(upright.cols(), upright.rows());
    if (scale >= 1.0) {
      return null;
    }
    try (Mat small = new Mat();
         Size size = new Size(Math.max(1, (int) Math.round(upright.cols() * scale)), Math.max(1, (int) Math.round(upright.rows() * scale)))) {
      resize(upright, small, size, 0, 0, INTER_LINEAR);
      return jpeg(small, quality, 0, index);
    }
  }

  @FunctionalInterface
  private interface Encoding {
    SampledFrame apply(Mat upright) throws IngestFailure;
  }

  private static SampledFrame encode(Mat bgr, int rotation, Encoding encoding) throws IngestFailure {
    Mat upright = Upright.turn(bgr, rotation);
    try {
      return encoding.apply(upright);
    } finally {
      if (upright != bgr) {
        upright.close();
      }
    }
  }

  private static byte[] jpeg(Mat image, int quality, int restartInterval, int index) throws IngestFailure {
    try (BytePointer jpeg = new BytePointer();
         IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality, IMWRITE_JPEG_SAMPLING_FACTOR, IMWRITE_JPEG_SAMPLING_FACTOR_420,
             IMWRITE_JPEG_RST_INTERVAL, restartInterval)) {
      if (!imencode(".jpg", image, jpeg, params)) {
        throw new IngestFailure(Status.DECODE_ERROR, "ENCODE", "JPEG encoding failed for frame " + index);
      }
      byte[] bytes = new byte[(int) jpeg.limit()];
      jpeg.get(bytes);
      return bytes;
    }
  }
}
