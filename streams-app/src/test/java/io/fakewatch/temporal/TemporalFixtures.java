package io.fakewatch.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.detect.DetectSettings;
import io.fakewatch.detect.Detection;
import io.fakewatch.detect.FaceDetector;
import io.fakewatch.detect.FaceDetectors;
import io.fakewatch.models.ModelManifest;
import io.fakewatch.models.ModelSpec;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxModel;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Test helpers: the shared temporal models and reference, YuNet as the prototype ran it, BGR video frames. */
final class TemporalFixtures {
  static final String VIDEO = "FaceSwap_c23_634_660.mp4";
  private static final OnnxSettings CPU = new OnnxSettings("cpu", 0, 1, "run", "all");

  private TemporalFixtures() {}

  static JsonNode reference() {
    try {
      return new ObjectMapper().readTree(SharedData.require("models/temporal/reference_FaceSwap_c23_634_660.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ModelSpec landmarkSpec() {
    return new ModelSpec("mediapipe_face_landmark68", "0.4.1657299874", "landmarks", "mediapipe_face_landmark68.onnx", null,
        "d190d9507447d4f1d9f27fc9f7475b59363f166f0f4d2602ae64db6b5f852c4a", 2675536L, "Apache-2.0 (model); MIT (468→68 table)",
        new ModelSpec.Input("input", "NCHW", 192, 192, false, "RGB", 1, new double[] {0, 0, 0}, new double[] {1, 1, 1}),
        new ModelSpec.Output("landmarks68", "68 iBUG points in crop px"), "cards/mediapipe_face_landmark68.md");
  }

  static LandmarkModel landmarkModel() {
    Path file = SharedData.require("models/temporal/mediapipe_face_landmark68.onnx");
    return new LandmarkModel(OnnxModel.open(landmarkSpec(), file, CPU));
  }

  /** YuNet-s 640 with the prototype's thresholds: score 0.5, NMS IoU 0.3. */
  static FaceDetector yunet() {
    ModelStore store = new ModelStore(ModelManifest.load(null),
        Path.of(System.getProperty("java.io.tmpdir"), "fakewatch-test-models"), SharedData.modelMirror());
    DetectSettings settings = DetectSettings.from(FakeWatchConfig.of(Map.of(DetectSettings.MODEL, "yunet_s_640_640",
        DetectSettings.SCORE_THRESHOLD, "0.5", DetectSettings.NMS_IOU, "0.3")));
    return FaceDetectors.open(settings, store, CPU);
  }

  /** The prototype's one-face picker on a clip's first frame: the highest score. */
  static List<Detection> bestFace(FaceDetector detector, Mat frame) {
    return detector.detect(frame).stream().max(Comparator.comparingDouble(Detection::score)).map(List::of).orElse(List.of());
  }

  /** Decodes the video in order and hands each wanted frame (BGR, a copy the consumer owns) to {@code sink}. */
  static void decode(Path video, int lastFrame, IntPredicate wanted, FrameSink sink) {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
         OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      // OpenCV's own FFmpeg reader converts to BGR with bicubic swscale; match it
      grabber.setImageScalingFlags(swscale.SWS_BICUBIC);
      grabber.start();
      for (int index = 0; index <= lastFrame; index++) {
        Frame frame = grabber.grabImage();
        if (frame == null) {
          break;
        }
        if (wanted.test(index)) {
          sink.accept(index, jpegRoundTrip(converter.convert(frame).clone()));
        }
      }
      grabber.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot decode " + video + ": " + e.getMessage(), e);
    }
  }

  static List<Mat> firstFrames(Path video, int count) {
    List<Mat> frames = new ArrayList<>();
    decode(video, count - 1, i -> true, (i, m) -> frames.add(m));
    return frames;
  }

  @FunctionalInterface
  interface FrameSink {
    void accept(int index, Mat bgr);
  }

  static float[] floats(JsonNode pairs) {
    List<Float> values = new ArrayList<>();
    pairs.forEach(p -> p.forEach(v -> values.add(v.floatValue())));
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  static int[][] ints(JsonNode pairs) {
    int[][] out = new int[pairs.size()][2];
    for (int i = 0; i < pairs.size(); i++) {
      out[i][0] = pairs.get(i).get(0).intValue();
      out[i][1] = pairs.get(i).get(1).intValue();
    }
    return out;
  }

  static float[][] rows(JsonNode rows) {
    float[][] out = new float[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      out[i] = new float[rows.get(i).size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = rows.get(i).get(j).floatValue();
      }
    }
    return out;
  }

  static List<int[][]> rawLandmarks(JsonNode reference) {
    List<int[][]> raw = new ArrayList<>();
    reference.get("lrnet_prep_test").get("raw_landmarks_int").forEach(frame -> raw.add(ints(frame)));
    return raw;
  }

  /**
   * With {@code -Dtemporal.check.jpeg=Q}, each decoded frame goes through a JPEG of quality Q and back, as clip
   * frames travel from ingest to detect: what the pipeline's transport costs against the reference.
   */
  private static Mat jpegRoundTrip(Mat frame) {
    String quality = System.getProperty("temporal.check.jpeg", "");
    if (quality.isBlank()) {
      return frame;
    }
    try (org.bytedeco.javacpp.BytePointer jpeg = new org.bytedeco.javacpp.BytePointer()) {
      org.bytedeco.opencv.global.opencv_imgcodecs.imencode(".jpg", frame, jpeg,
          new org.bytedeco.javacpp.IntPointer(org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY,
              Integer.parseInt(quality)));
      byte[] bytes = new byte[(int) jpeg.limit()];
      jpeg.get(bytes);
      frame.close();
      return io.fakewatch.media.Jpeg.decode(bytes, org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR);
    }
  }
}
