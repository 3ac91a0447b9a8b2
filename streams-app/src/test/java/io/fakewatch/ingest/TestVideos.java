package io.fakewatch.ingest;

import io.fakewatch.config.FakeWatchConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Videos made with JavaCV's real FFmpeg for tests: re-encodes of shared videos for the DFDC perturbations
 * (15 fps, 1/4 resolution, low quality) and the odd files of the bad-input corpus (audio only, one frame,
 * a header that claims 3 hours or 16k × 16k).
 */
public final class TestVideos {
  private TestVideos() {}

  /** Settings whose file root is {@code roots}; the rest default. */
  public static IngestSettings settings(Map<String, String> extra, Path... roots) {
    Map<String, String> values = new HashMap<>(extra);
    values.put(IngestSettings.FILE_ROOTS, String.join(",", List.of(roots).stream().map(Path::toString).toList()));
    return IngestSettings.from(FakeWatchConfig.of(values));
  }

  /**
   * Writes {@code source} again with a new frame rate (dropping frames), a scale factor and a bit rate.
   * MPEG-4 part 2: always in this FFmpeg build, and a different codec from the H.264 originals.
   */
  public static Path reencode(Path source, Path target, double fps, double scale, int bitrate, int maxFrames) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile());
         OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      grabber.start();
      int width = even(grabber.getImageWidth() * scale);
      int height = even(grabber.getImageHeight() * scale);
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), width, height, 0)) {
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setFrameRate(fps);
        recorder.setVideoBitrate(bitrate);
        recorder.start();
        double sourceFps = grabber.getFrameRate();
        double next = 0;
        int written = 0;
        int index = 0;
        for (Frame frame = grabber.grabImage(); frame != null && written < maxFrames; frame = grabber.grabImage(), index++) {
          if (index < next) {
            continue;
          }
          next += sourceFps / fps;
          Mat mat = converter.convert(frame);
          try (Mat resized = new Mat()) {
            opencv_imgproc.resize(mat, resized, new Size(width, height));
            recorder.record(converter.convert(resized));
          }
          written++;
        }
        recorder.stop();
      }
    }
    return target;
  }

  /** An mp4 holding one second of an AAC tone and no video stream. */
  public static Path audioOnly(Path target) throws Exception {
    int rate = 44_100;
    ShortBuffer tone = ShortBuffer.allocate(rate);
    for (int i = 0; i < rate; i++) {
      tone.put(i, (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
    }
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), 1)) {
      recorder.setFormat("mp4");
      recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
      recorder.setSampleRate(rate);
      recorder.start();
      recorder.recordSamples(rate, 1, tone);
      recorder.stop();
    }
    return target;
  }

  /** {@code count} frames of a still image as MPEG-4 at 25 fps, the image's size rounded to even. */
  public static Path stillVideo(Path image, Path target, int count) throws Exception {
    try (Mat picture = opencv_imgcodecs.imread(image.toString());
         OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
         FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), even(picture.cols()), even(picture.rows()), 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setFrameRate(25);
      recorder.setVideoBitrate(2_000_000);
      recorder.start();
      for (int i = 0; i < count; i++) {
        recorder.record(converter.convert(picture));
      }
      recorder.stop();
    }
    return target;
  }

  /** A 64×64 MPEG-4 video of two frames, the second {@code span} after the first: the header's duration is the span. */
  public static Path spanning(Path target, Duration span) throws Exception {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), 64, 64, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setFrameRate(25);
      recorder.start();
      Frame gray = new Frame(64, 64, Frame.DEPTH_UBYTE, 3);
      recorder.record(gray);
      recorder.setTimestamp(span.toNanos() / 1000);
      recorder.record(gray);
      recorder.stop();
    }
    return target;
  }

  /**
   * A one-frame video whose container header declares {@code width × height}. FFmpeg refuses to encode or
   * decode a picture over about 16255 × 16255 ((w + 128)(h + 128) must stay under INT_MAX / 8), so a real
   * 16384² frame cannot exist: a 64² MJPEG frame is remuxed by FFmpeg's own mp4 muxer under a header that
   * claims the size — what a hostile upload would send.
   */
  public static Path declaringSize(Path target, int width, int height) throws Exception {
    Path small = target.resolveSibling("small-" + target.getFileName());
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(small.toFile(), 64, 64, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
      recorder.setFrameRate(25);
      recorder.start();
      recorder.record(new Frame(64, 64, Frame.DEPTH_UBYTE, 3));
      recorder.stop();
    }
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(small.toFile())) {
      grabber.start();
      grabber.getFormatContext().streams(0).codecpar().width(width).height(height);
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), width, height, 0)) {
        recorder.setFormat("mp4");
        recorder.start(grabber.getFormatContext());
        for (AVPacket packet = grabber.grabPacket(); packet != null; packet = grabber.grabPacket()) {
          recorder.recordPacket(packet);
        }
        recorder.stop();
      }
    }
    Files.delete(small);
    return target;
  }

  /** The mp4's top-level boxes without its media data ({@code mdat}): a header and no frame to decode. */
  public static Path headerOnly(Path mp4, Path target) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(mp4));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (in.remaining() >= 8) {
      int start = in.position();
      long size = Integer.toUnsignedLong(in.getInt());
      String type = new String(new byte[] {in.get(), in.get(), in.get(), in.get()}, StandardCharsets.US_ASCII);
      size = size == 1 ? in.getLong() : size == 0 ? in.limit() - start : size;
      if (!type.equals("mdat")) {
        out.write(in.array(), start, (int) size);
      }
      in.position((int) (start + size));
    }
    return Files.write(target, out.toByteArray());
  }

  private static int even(double value) {
    return Math.max(2, ((int) Math.round(value)) & ~1);
  }
}
