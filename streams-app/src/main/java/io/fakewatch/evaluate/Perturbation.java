package io.fakewatch.evaluate;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the DFDC private-set perturbations, applied by re-encoding a video with JavaCV's FFmpeg: the frame
 * rate lowered by dropping frames, the picture scaled, or the bit rate starved. "1/4 resolution" is read as
 * a quarter of the pixels (half the width and half the height): the DFDC organisers spoke of a quarter of
 * the resolution, and a quarter per side would leave FF++'s 480p faces at ~40 px, below what face detectors
 * are meant for, so the test would measure the detector rather than the classifiers.
 *
 * @param fps       output frame rate; 0 keeps the source's
 * @param scale     factor per side (0.5 = a quarter of the pixels)
 * @param bitrateFactor the output's bit rate as a share of the source's (scaled to the output's pixels per
 *                      second): 1 re-encodes at the same rate, 0.25 is the "low encoding quality" one. Relative,
 *                      because the shared videos range from 117 kb/s to several Mb/s, so no absolute rate is
 *                      "low" for all of them
 * @param minQp          the encoder's smallest quantiser (0: its default). libopenh264 will not drop frames to
 *                      meet a low bit rate and overshoots it, so "low encoding quality" also forces a coarse
 *                      quantiser, the bit-rate counterpart of x264's high CRF
 */
public record Perturbation(String id, double fps, double scale, double bitrateFactor, int minQp) {
  private static final Logger LOG = LoggerFactory.getLogger(Perturbation.class);

  public static final Perturbation FPS_15 = new Perturbation("fps15", 15, 1.0, 1.0, 0);
  public static final Perturbation QUARTER_RESOLUTION = new Perturbation("quarter-resolution", 0, 0.5, 1.0, 0);
  public static final Perturbation LOW_QUALITY = new Perturbation("low-quality", 0, 1.0, 0.25, 40);

  public static List<Perturbation> dfdc() {
    return List.of(FPS_15, QUARTER_RESOLUTION, LOW_QUALITY);
  }

  /** Writes {@code source} perturbed to {@code target} (mp4, H.264 through libopenh264) and returns the target. */
  public Path apply(Path source, Path target) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile());
         OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      grabber.start();
      double sourceFps = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25;
      double outFps = fps > 0 ? Math.min(fps, sourceFps) : sourceFps;
      int width = even(grabber.getImageWidth() * scale);
      int height = even(grabber.getImageHeight() * scale);
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), width, height, 0)) {
        recorder.setFormat("mp4");
        // this FFmpeg build encodes H.264 only through Cisco's libopenh264, which takes a bit rate, not a CRF
        recorder.setVideoCodecName("libopenh264");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setFrameRate(outFps);
        recorder.setVideoBitrate(bitrate(grabber, width, height, outFps, sourceFps));
        if (minQp > 0) {
          recorder.setVideoOption("qmin", Integer.toString(minQp));
          recorder.setVideoOption("qmax", "51");
        }
        recorder.start();
        double next = 0;
        int index = 0;
        for (Frame frame = grabber.grabImage(); frame != null; frame = grabber.grabImage(), index++) {
          if (index < next) {
            continue; // dropped: the source frame rate is lowered by keeping every (source/out)-th frame
          }
          next += sourceFps / outFps;
          Mat mat = converter.convert(frame);
          if (width == mat.cols() && height == mat.rows()) {
            recorder.record(frame);
          } else {
            try (Mat resized = new Mat()) {
              opencv_imgproc.resize(mat, resized, new Size(width, height), 0, 0, opencv_imgproc.INTER_AREA);
              recorder.record(converter.convert(resized));
            }
          }
        }
        recorder.stop();
      }
      LOG.debug("{}: {} -> {} ({}x{} at {} fps)", id, source, target, width, height, outFps);
    }
    return target;
  }

  /** Perturbed copies of the entries under {@code dir}, same file names (so pairs still match), same labels. */
  public List<LabelledVideos.Entry> applyAll(List<LabelledVideos.Entry> entries, Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    List<LabelledVideos.Entry> out = new java.util.ArrayList<>();
    for (LabelledVideos.Entry entry : entries) {
      Path target = dir.resolve(entry.file().getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".mp4");
      out.add(new LabelledVideos.Entry(apply(entry.file(), target), entry.fake(), entry.original()));
    }
    return out;
  }

  private int bitrate(FFmpegFrameGrabber grabber, int width, int height, double outFps, double sourceFps) {
    double source = grabber.getVideoBitrate() > 0 ? grabber.getVideoBitrate() : 2_000_000;
    double share = (double) width * height * outFps / ((double) grabber.getImageWidth() * grabber.getImageHeight() * sourceFps);
    return (int) Math.max(16_000, bitrateFactor * source * share);
  }

  private static int even(double value) {
    return Math.max(2, (int) Math.round(value / 2) * 2);
  }
}
