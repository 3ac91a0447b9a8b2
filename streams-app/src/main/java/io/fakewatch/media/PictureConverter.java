package io.fakewatch.media;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Grabs decoded pictures without JavaCV's colour conversion, and converts only the ones sampled.
 *
 * <p>{@code grabImage()} runs swscale (YUV to BGR) on every decoded picture; ingest keeps 32 of 300–900, so
 * the conversion of the rest was a third of the stage's time at 1080p (JFR, docs/benchmarks.md).
 * {@code grabFrame(…, doProcessing=false, …)} decodes and stamps the frame but skips the conversion;
 * JavaCV's own {@code processImage()} then converts the picture still held by the grabber. That method is
 * private in JavaCV 1.5.13 (pinned in the POM), so it is reached by reflection; if a JavaCV upgrade
 * removes it, every picture is converted as before, just slower.
 */
public final class PictureConverter {
  private static final Method PROCESS_IMAGE = processImage();

  private final FFmpegFrameGrabber grabber;

  public PictureConverter(FFmpegFrameGrabber grabber) {
    this.grabber = grabber;
  }

  /** The next video frame, decoded and timestamped; its image is valid only after {@link #convert}. Null at the end. */
  public Frame grab() throws FrameGrabber.Exception {
    return grabber.grabFrame(false, true, PROCESS_IMAGE == null, false, false);
  }

  /** Converts the picture of the frame last grabbed to BGR into {@code frame.image}. */
  public Frame convert(Frame frame) throws FrameGrabber.Exception {
    if (PROCESS_IMAGE == null) {
      return frame;
    }
    try {
      PROCESS_IMAGE.invoke(grabber);
      return frame;
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof FrameGrabber.Exception cause) {
        throw cause;
      }
      throw new FrameGrabber.Exception("colour conversion failed: " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Method processImage() {
    try {
      Method method = FFmpegFrameGrabber.class.getDeclaredMethod("processImage");
      method.setAccessible(true);
      return method;
    } catch (ReflectiveOperationException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(PictureConverter.class)
          .warn("JavaCV has no processImage(); converting every decoded picture ({})", e.toString());
      return null;
    }
  }
}
