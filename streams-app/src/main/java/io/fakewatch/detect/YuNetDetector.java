package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.fakewatch.onnx.OnnxModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
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
  private final Map<String, long[]> outputShapes;
  private final ConcurrentLinkedQueue<Outputs> outputs = new ConcurrentLinkedQueue<>();

  /** @param interpolation OpenCV's resize flag for the downscale (INTER_LINEAR or INTER_AREA) */
  public YuNetDetector(OnnxModel model, double threshold, double nmsIou, int interpolation) throws OrtException {
    super(model, threshold, nmsIou);
    this.interpolation = interpolation;
    this.outputShapes = fixedOutputShapes(model);
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
    if (outputShapes == null) {
      return model.run(input.tensor(), inputShape(), result -> decode(name -> flat(result, name), input.toFrame));
    }
    Outputs out = outputs.poll();
    if (out == null) {
      out = new Outputs(outputShapes);
    }
    try {
      model.run(input.tensor(), inputShape(), out.tensors);
      Outputs read = out;
      return decode(name -> read.buffers.get(name).rewind(), input.toFrame);
    } finally {
      outputs.offer(out);
    }
  }

  @FunctionalInterface
  private interface OutputValues {
    FloatBuffer get(String name) throws OrtException;
  }

  private List<Detection> decode(OutputValues values, float toFrame) throws OrtException {
    List<Detection> found = new ArrayList<>();
    for (int stride : STRIDES) {
      FloatBuffer cls = values.get("cls_" + stride);
      FloatBuffer obj = values.get("obj_" + stride);
      FloatBuffer box = values.get("bbox_" + stride);
      FloatBuffer kps = values.get("kps_" + stride);
      int columns = inputWidth / stride;
      int anchors = cls.remaining();
      for (int i = 0; i < anchors; i++) {
        float score = (float) Math.sqrt(clamp01(cls.get(i)) * clamp01(obj.get(i)));
        if (score < threshold) {
          continue;
        }
        float ax = (i % columns) * stride;
        float ay = (i / columns) * stride;
        float cx = box.get(4 * i) * stride + ax;
        float cy = box.get(4 * i + 1) * stride + ay;
        float w = (float) Math.exp(box.get(4 * i + 2)) * stride;
        float h = (float) Math.exp(box.get(4 * i + 3)) * stride;
        float[] landmarks = new float[10];
        for (int k = 0; k < 5; k++) {
          landmarks[2 * k] = (kps.get(10 * i + 2 * k) * stride + ax) * toFrame;
          landmarks[2 * k + 1] = (kps.get(10 * i + 2 * k + 1) * stride + ay) * toFrame;
        }
        found.add(new Detection((cx - w / 2) * toFrame, (cy - h / 2) * toFrame, w * toFrame, h * toFrame, score, landmarks));
      }
    }
    return found;
  }

  /**
   * One run's output tensors over direct buffers of this detector's own, reused from run to run: ONNX Runtime
   * writes into them, and the decoding reads only the anchors over the threshold (copying the 12 outputs out
   * of every result, ~0.5 MB a frame, cost a tenth of the run).
   */
  private static final class Outputs {
    final Map<String, OnnxTensor> tensors = new HashMap<>();
    final Map<String, FloatBuffer> buffers = new HashMap<>();

    Outputs(Map<String, long[]> shapes) throws OrtException {
      for (Map.Entry<String, long[]> output : shapes.entrySet()) {
        long elements = 1;
        for (long d : output.getValue()) {
          elements *= d;
        }
        FloatBuffer buffer = ByteBuffer.allocateDirect((int) elements * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffers.put(output.getKey(), buffer);
        tensors.put(output.getKey(), OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), buffer, output.getValue()));
      }
    }

    void close() {
      tensors.values().forEach(OnnxTensor::close);
    }
  }

  /** Every output's shape when all are fixed (YuNet's exports are), else null: outputs are then read from each result. */
  private static Map<String, long[]> fixedOutputShapes(OnnxModel model) throws OrtException {
    Map<String, long[]> shapes = new HashMap<>();
    for (Map.Entry<String, NodeInfo> output : model.session().getOutputInfo().entrySet()) {
      if (!(output.getValue().getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT
          || Arrays.stream(info.getShape()).anyMatch(d -> d <= 0)) {
        return null;
      }
      shapes.put(output.getKey(), info.getShape());
    }
    return shapes;
  }

  @Override
  public void close() {
    for (Outputs out = outputs.poll(); out != null; out = outputs.poll()) {
      out.close();
    }
    super.close();
  }

  private static float clamp01(float v) {
    return Math.min(1f, Math.max(0f, v));
  }

  private static FloatBuffer flat(OrtSession.Result result, String name) throws OrtException {
    OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow(() -> new IllegalStateException("YuNet output " + name + " missing"));
    return tensor.getFloatBuffer();
  }
}
