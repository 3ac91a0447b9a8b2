package io.fakewatch.ingest;

import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.fakewatch.events.Status;
import io.fakewatch.events.VideoInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a local video with JavaCV/FFmpeg and hands over N sampled frames (and K clips of consecutive
 * frames for the temporal model) as upright JPEGs. Sequential
 * decode, not a seek per frame: at 1080p a frame-accurate seek costs 8–67 ms, about 20 decoded frames,
 * and the shared videos have 300–900 frames, so 32 seeks cost more than reading through
 * (docs/benchmarks.md). The grabber reuses its frame buffer, so each frame is encoded before the next grab.
 */
public final class VideoDecoder {
  private final IngestSettings settings;

  public VideoDecoder(IngestSettings settings) {
    this.settings = settings;
  }

  /** Receives the frames of clip number {@code clip}, one at a time in decode order. */
  @FunctionalInterface
  public interface ClipSink {
    void accept(int clip, SampledFrame frame);
  }

  /** Sparse frames only (benchmarks and tests of the frame path): no clips are decoded. */
  public VideoInfo decode(Path file, long bytes, Consumer<SampledFrame> sink) throws IngestFailure {
    return decode(file, bytes, sink, null);
  }

  /**
   * Checks the header against the limits, then decodes and passes each sampled frame to {@code sink} and,
   * when {@code clips} is not null, every frame of the clips ({@code ingest.clips.per.video} runs of
   * {@code ingest.clip.frames} consecutive frames) to {@code clips}. A frame in both is encoded once at the
   * sparse quality. The decode time-out is checked after every frame, so it can be overrun by one frame's
   * decode and encode — bounded, since the header check caps the pixels of a frame.
   */
  public VideoInfo decode(Path file, long bytes, Consumer<SampledFrame> sink, ClipSink clips) throws IngestFailure {
    long deadline = System.nanoTime() + settings.decodeTimeout().toNanos();
    VideoProbe.Header header = VideoProbe.read(file);
    checkLimits(header);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
         OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      grabber.setOption("format_whitelist", VideoProbe.FORMAT_WHITELIST);
      grabber.setOption("protocol_whitelist", "file");
      start(grabber);
      PictureConverter pictures = new PictureConverter(grabber);
      int rotation = normalizedRotation(grabber.getDisplayRotation());
      boolean sideways = rotation == 90 || rotation == 270;
      long duration = header.durationMicros() > 0 ? header.durationMicros() : grabber.getLengthInTime();
      FrameSampler sampler = new FrameSampler(settings.framesPerVideo(), duration);
      ClipSampler clipSampler = new ClipSampler(clips == null ? 0 : settings.clipsPerVideo(), settings.clipFrames(),
          estimatedFrames(grabber, duration));
      int index = 0;
      int sampled = 0;
      long startTimestamp = Long.MIN_VALUE;
      long lastTimestamp = 0;
      for (Frame frame = grab(pictures); frame != null && !(sampler.done() && clipSampler.done(index));
           frame = grab(pictures), index++) {
        if (index >= settings.maxFramesDecoded()) {
          throw new IngestFailure(Status.REJECTED, "TOO_MANY_FRAMES", "more than " + settings.maxFramesDecoded() + " frames");
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IngestFailure(Status.DECODE_ERROR, "DECODE_TIMEOUT", "not decoded within " + settings.decodeTimeout()
              + " (" + index + " frames, " + sampled + " sampled)");
        }
        if (startTimestamp == Long.MIN_VALUE) {
          startTimestamp = frame.timestamp;
        }
        long timestamp = frame.timestamp - startTimestamp;
        lastTimestamp = timestamp;
        boolean sparse = sampler.take(timestamp);
        List<Integer> inClips = clipSampler.clipsOf(index);
        if (sparse || !inClips.isEmpty()) {
          SampledFrame picture = encode(converter.convert(convert(pictures, frame)), rotation, index, timestamp,
              sparse ? settings.jpegQuality() : settings.clipJpegQuality());
          if (sparse) {
            sink.accept(picture);
            sampled++;
          }
          for (int clip : inClips) {
            clips.accept(clip, picture);
          }
        }
      }
      if (sampled == 0) {
        throw new IngestFailure(Status.DECODE_ERROR, "NO_FRAMES", "no frame could be decoded");
      }
      // frames ran out well before the duration the header promises: a cut-off file, not a short video
      if (!sampler.done() && duration > 0 && lastTimestamp < 0.9 * duration && index > settings.framesPerVideo()) {
        throw new IngestFailure(Status.DECODE_ERROR, "TRUNCATED", "frames end at " + lastTimestamp / 1000
            + " ms of a " + duration / 1000 + " ms video");
      }
      return VideoInfo.newBuilder()
          .setWidth(sideways ? header.height() : header.width())
          .setHeight(sideways ? header.width() : header.height())
          .setFps(grabber.getFrameRate())
          .setDurationMicros(duration)
          .setCodec(header.codec())
          .setRotation(rotation)
          .setFrameCount(grabber.getLengthInVideoFrames())
          .setBytes(bytes)
          .build();
    } catch (FrameGrabber.Exception e) {
      throw new IngestFailure(Status.DECODE_ERROR, "DECODE", "FFmpeg cannot decode the video: " + e.getMessage(), e);
    }
  }

  /** The container's frame count, else duration × frame rate: where the clips go, decided before decoding. */
  private static long estimatedFrames(FFmpegFrameGrabber grabber, long durationMicros) {
    long declared = grabber.getLengthInVideoFrames();
    if (declared > 0) {
      return declared;
    }
    double fps = grabber.getFrameRate();
    return fps > 0 && durationMicros > 0 ? (long) (durationMicros / 1e6 * fps) : 0;
  }

  private void checkLimits(VideoProbe.Header header) throws IngestFailure {
    long pixels = (long) header.width() * header.height();
    if (pixels > settings.maxPixels()) {
      throw new IngestFailure(Status.REJECTED, "TOO_MANY_PIXELS",
          header.width() + "x" + header.height() + " is over the limit of " + settings.maxPixels() + " pixels per frame");
    }
    if (header.durationMicros() > settings.maxDuration().toNanos() / 1000) {
      throw new IngestFailure(Status.REJECTED, "TOO_LONG",
          header.durationMicros() / 1_000_000 + " s is over the limit of " + settings.maxDuration().toSeconds() + " s");
    }
  }

  private static SampledFrame encode(Mat bgr, int rotation, int index, long timestamp, int quality) throws IngestFailure {
    Mat upright = bgr;
    if (rotation != 0) {
      upright = new Mat();
      rotate(bgr, upright, rotation == 90 ? ROTATE_90_CLOCKWISE : rotation == 180 ? ROTATE_180 : ROTATE_90_COUNTERCLOCKWISE);
    }
    try (BytePointer jpeg = new BytePointer()) {
      if (!imencode(".jpg", upright, jpeg, new IntPointer(IMWRITE_JPEG_QUALITY, quality))) {
        throw new IngestFailure(Status.DECODE_ERROR, "ENCODE", "JPEG encoding failed for frame " + index);
      }
      byte[] bytes = new byte[(int) jpeg.limit()];
      jpeg.get(bytes);
      return new SampledFrame(index, timestamp, upright.cols(), upright.rows(), bytes);
    } finally {
      if (upright != bgr) {
        upright.close();
      }
    }
  }

  /** FFmpeg's display matrix gives counter-clockwise degrees; frames must be turned clockwise by its negation. */
  static int normalizedRotation(double displayRotation) {
    int degrees = (int) Math.round(-displayRotation) % 360;
    degrees = degrees < 0 ? degrees + 360 : degrees;
    return (degrees + 45) / 90 * 90 % 360;
  }

  private static void start(FFmpegFrameGrabber grabber) throws IngestFailure {
    try {
      grabber.start();
    } catch (FFmpegFrameGrabber.Exception e) {
      throw new IngestFailure(Status.DECODE_ERROR, "NOT_A_VIDEO", "FFmpeg cannot open the video: " + e.getMessage(), e);
    }
  }

  private static Frame grab(PictureConverter pictures) throws IngestFailure {
    try {
      return pictures.grab();
    } catch (FrameGrabber.Exception e) {
      throw new IngestFailure(Status.DECODE_ERROR, "TRUNCATED", "decoding stopped: " + e.getMessage(), e);
    }
  }

  private static Frame convert(PictureConverter pictures, Frame frame) throws IngestFailure {
    try {
      return pictures.convert(frame);
    } catch (FrameGrabber.Exception e) {
      throw new IngestFailure(Status.DECODE_ERROR, "CONVERT", "colour conversion failed: " + e.getMessage(), e);
    }
  }

  /** Decodes every sampled frame into a list (tests and benchmarks). */
  public List<SampledFrame> sample(Path file) throws IngestFailure {
    List<SampledFrame> frames = new ArrayList<>();
    decode(file, file.toFile().length(), frames::add);
    return frames;
  }
}
