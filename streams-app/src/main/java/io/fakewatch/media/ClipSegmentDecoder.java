package io.fakewatch.media;

import io.fakewatch.events.ClipSegment;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a clip that travelled as the source's own packets ({@link ClipSegment}) into upright BGR frames —
 * the same grabber, colour conversion ({@link PictureConverter}) and rotation as ingest's decode, so the
 * pixels are the ones ingest saw. The packets are those of a video ingest already decoded whole; the
 * container is one ingest wrote, and only its demuxer is allowed.
 */
public final class ClipSegmentDecoder {
  private ClipSegmentDecoder() {}

  /** Thrown when the segment does not give the clip's frames; the message says what it gave. */
  public static final class Failure extends Exception {
    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The {@code frames} frames after {@code skipFrames}, in order; the caller closes each. */
  public static List<Mat> decode(ClipSegment segment, int frames) throws Failure {
    List<Mat> out = new ArrayList<>(frames);
    byte[] bytes = Jpeg.bytes(segment.getContainer());
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(bytes), 0);
         OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      grabber.setFormat(segment.getFormat());
      grabber.setOption("format_whitelist", segment.getFormat());
      grabber.start(false); // our own MP4 states its codec; probing would decode frames only to learn that
      PictureConverter pictures = new PictureConverter(grabber);
      int decoded = 0;
      for (Frame frame = pictures.grab(); frame != null && out.size() < frames; frame = pictures.grab(), decoded++) {
        if (decoded < segment.getSkipFrames()) {
          continue; // decoded for its references only, never converted
        }
        Mat bgr = converter.convert(pictures.convert(frame));
        Mat upright = Upright.turn(bgr, segment.getRotation());
        out.add(upright == bgr ? bgr.clone() : upright); // the grabber reuses its buffer
      }
      if (out.size() < frames) {
        throw new Failure("the clip's packets gave " + out.size() + " of " + frames + " frames (" + decoded
            + " decoded, " + segment.getSkipFrames() + " before the clip)", null);
      }
      return out;
    } catch (FrameGrabber.Exception | RuntimeException e) {
      out.forEach(Mat::close);
      throw new Failure("the clip's packets do not decode: " + e.getMessage(), e);
    } catch (Failure e) {
      out.forEach(Mat::close);
      throw e;
    }
  }
}
