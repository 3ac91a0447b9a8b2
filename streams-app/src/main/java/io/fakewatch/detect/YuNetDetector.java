package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fakewatch.onnx.OnnxModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * YuNet (libfacedetection) on ONNX Runtime, fixed input (640×640): BGR 0..255, no normalisation. The frame
 * is scaled down to fit (never up: a small frame is padded instead), outputs decoded per stride 8/16/32
 * (anchors at grid points, box centre offset and log-size times the stride, five landmarks), score
 * sqrt(cls·obj) as OpenCV's FaceDetectorYN, then threshold and NMS.
 */
public final class YuNetDetector extends OnnxFaceDetector {
  private static final int[] STRIDES = {8, 16, 32};

  private final int interpolation;

  /** @param interpolation OpenCV's resize flag for the downscale (INTER_LINEAR or INTER_AREA) */
  public YuNetDetector(OnnxModel model, double threshold, double nmsIou, int interpolation) throws OrtException {
    super(model, threshold, nmsIou);
    this.interpolation = interpolation;
  }

  public YuNetDetector(OnnxModel model, double threshold, double nmsIou) throws OrtException {
    this(model, threshold, nmsIou, INTER_LINEAR);
  }

  private double scale(Mat bgr) {
    return Math.min(1.0, Math.min((double) inputWidth / bgr.cols(), (double) inputHeight / bgr.rows()));
  }

  /** The frame scaled down to fit (never up), padded, in a pooled tensor. */
  @Override
  public Input prepare(Mat bgr) {
    double scale = scale(bgr);
    PlanarImage image = borrow();
    if (scale < 1.0) {
      try (Mat small = new Mat(); Size size = new Size((int) Math.round(bgr.cols() * scale), (int) Math.round(bgr.rows() * scale))) {
        resize(bgr, small, size, 0, 0, interpolation);
        image.fill(small, false, 0f, 1f);
      }
    } else {
      image.fill(bgr, false, 0f, 1f);
    }
    return new Input(image, bgr.cols(), bgr.rows(), (float) (1 / scale));
  }

  @Override
  protected List<Detection> decode(Input input) throws OrtException {
    return model.run(input.tensor(), inputShape(), result -> decode(result, input.toFrame));
  }

  private List<Detection> decode(OrtSession.Result result, float toFrame) throws OrtException {
    List<Detection> found = new ArrayList<>();
    for (int stride : STRIDES) {
      float[] cls = flat(result, "cls_" + stride);
      float[] obj = flat(result, "obj_" + stride);
      float[] box = flat(result, "bbox_" + stride);
      float[] kps = flat(result, "kps_" + stride);
      int columns = inputWidth / stride;
      for (int i = 0; i < cls.length; i++) {
        float score = (float) Math.sqrt(clamp01(cls[i]) * clamp01(obj[i]));
        if (score < threshold) {
          continue;
        }
        float ax = (i % columns) * stride;
        float ay = (i / columns) * stride;
        float cx = box[4 * i] * stride + ax;
        float cy = box[4 * i + 1] * stride + ay;
        float w = (float) Math.exp(box[4 * i + 2]) * stride;
        float h = (float) Math.exp(box[4 * i + 3]) * stride;
        float[] landmarks = new float[10];
        for (int k = 0; k < 5; k++) {
          landmarks[2 * k] = (kps[10 * i + 2 * k] * stride + ax) * toFrame;
          landmarks[2 * k + 1] = (kps[10 * i + 2 * k + 1] * stride + ay) * toFrame;
        }
        found.add(new Detection((cx - w / 2) * toFrame, (cy - h / 2) * toFrame, w * toFrame, h * toFrame, score, landmarks));
      }
    }
    return found;
  }

  private static float clamp01(float v) {
    return Math.min(1f, Math.max(0f, v));
  }

  private static float[] flat(OrtSession.Result result, String name) throws OrtException {
    OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow(() -> new IllegalStateException("YuNet output " + name + " missing"));
    FloatBuffer values = tensor.getFloatBuffer();
    float[] out = new float[values.remaining()];
    values.get(out);
    return out;
  }
}
