package io.fakewatch.ingest;

import io.fakewatch.config.FakeWatchConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Re-encodes shared videos with JavaCV for the DFDC perturbations (15 fps, 1/4 resolution, low quality). */
final class TestVideos {
  private TestVideos() {}

  /** Settings whose file root is {@code roots}; the rest default. */
  static IngestSettings settings(Map<String, String> extra, Path... roots) {
    Map<String, String> values = new HashMap<>(extra);
    values.put(IngestSettings.FILE_ROOTS, String.join(",", List.of(roots).stream().map(Path::toString).toList()));
    return IngestSettings.from(FakeWatchConfig.of(values));
  }

  /**
   * Writes {@code source} again with a new frame rate (dropping frames), a scale factor and a bit rate.
   * MPEG-4 part 2: always in this FFmpeg build, and a different codec from the H.264 originals.
   */
  static Path reencode(Path source, Path target, double fps, double scale, int bitrate, int maxFrames) throws Exception {
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

  private static int even(double value) {
    return Math.max(2, ((int) Math.round(value)) & ~1);
  }
}
