package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import io.fakewatch.media.PictureConverter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/** Every picture of the video from JavaCV's grabber, counted in the order the decoder gives them. */
final class GrabbedPictures implements DecodedPictures {
  private final PictureConverter pictures;
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private Frame frame;
  private int count;
  private int index;

  GrabbedPictures(FFmpegFrameGrabber grabber) {
    this.pictures = new PictureConverter(grabber);
  }

  @Override
  public boolean next() throws IngestFailure {
    try {
      frame = pictures.grab();
    } catch (FrameGrabber.Exception e) {
      throw new IngestFailure(Status.DECODE_ERROR, "TRUNCATED", "decoding stopped: " + e.getMessage(), e);
    }
    index = frame == null ? count : count++;
    return frame != null;
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public long timestampMicros() {
    return frame.timestamp;
  }

  @Override
  public Mat bgr() throws IngestFailure {
    try {
      return converter.convert(pictures.convert(frame));
    } catch (FrameGrabber.Exception e) {
      throw new IngestFailure(Status.DECODE_ERROR, "CONVERT", "colour conversion failed: " + e.getMessage(), e);
    }
  }

  @Override
  public int decoded() {
    return count;
  }

  @Override
  public void close() {
    converter.close();
  }
}
