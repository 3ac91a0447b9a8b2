package io.fakewatch.media;

import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import org.bytedeco.opencv.opencv_core.Mat;

/** Turns a decoded frame upright by the clockwise degrees its container's display matrix asks for. */
public final class Upright {
  private Upright() {}

  /** FFmpeg's display matrix gives counter-clockwise degrees; frames must be turned clockwise by its negation. */
  public static int clockwiseDegrees(double displayRotation) {
    int degrees = (int) Math.round(-displayRotation) % 360;
    degrees = degrees < 0 ? degrees + 360 : degrees;
    return (degrees + 45) / 90 * 90 % 360;
  }

  /** {@code bgr} itself when {@code rotation} is 0, else a new rotated image the caller closes. */
  public static Mat turn(Mat bgr, int rotation) {
    if (rotation == 0) {
      return bgr;
    }
    Mat upright = new Mat();
    rotate(bgr, upright, rotation == 90 ? ROTATE_90_CLOCKWISE : rotation == 180 ? ROTATE_180 : ROTATE_90_COUNTERCLOCKWISE);
    return upright;
  }
}
