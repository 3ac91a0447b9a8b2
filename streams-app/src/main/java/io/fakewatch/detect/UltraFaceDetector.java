package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
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
 * UltraFace (Ultra-Light-Fast-Generic-Face-Detector) RFB-320 on ONNX Runtime: the frame resized to the
 * model's 320×240 (aspect not kept, as in the published demo), RGB, (p − 127) / 128; outputs are already
 * decoded (softmax scores, corner boxes in 0..1); threshold then NMS. No landmarks.
 */
public final class UltraFaceDetector extends OnnxFaceDetector {
  public UltraFaceDetector(OnnxModel model, double threshold, double nmsIou) throws OrtException {
    super(model, threshold, nmsIou);
  }

  /** The frame resized to the model's input (aspect not kept), RGB, (p − 127) / 128, in a pooled tensor. */
  @Override
  public Input prepare(Mat bgr) {
    PlanarImage image = borrow();
    try (Mat small = new Mat(); Size size = new Size(inputWidth, inputHeight)) {
      resize(bgr, small, size, 0, 0, INTER_AREA);
      image.fill(small, true, 127f, 128f);
      return new Input(image, bgr.cols(), bgr.rows(), 1f);
    }
  }

  @Override
  protected List<Detection> decode(Input input) throws OrtException {
    return model.run(input.tensor(), inputShape(), result -> decode(result, input.frameWidth, input.frameHeight));
  }

  private List<Detection> decode(OrtSession.Result result, int frameWidth, int frameHeight) throws OrtException {
    FloatBuffer scores = ((OnnxTensor) result.get("scores").orElseThrow()).getFloatBuffer();
    FloatBuffer boxes = ((OnnxTensor) result.get("boxes").orElseThrow()).getFloatBuffer();
    int count = scores.remaining() / 2;
    List<Detection> found = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float score = scores.get(2 * i + 1);
      if (score < threshold) {
        continue;
      }
      float x1 = boxes.get(4 * i) * frameWidth;
      float y1 = boxes.get(4 * i + 1) * frameHeight;
      float x2 = boxes.get(4 * i + 2) * frameWidth;
      float y2 = boxes.get(4 * i + 3) * frameHeight;
      found.add(new Detection(x1, y1, x2 - x1, y2 - y1, score, new float[0]));
    }
    return found;
  }
}
