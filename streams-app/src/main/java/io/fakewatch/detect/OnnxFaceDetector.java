package io.fakewatch.detect;

import ai.onnxruntime.OrtException;
import io.fakewatch.onnx.OnnxModel;

/** What every ONNX face detector shares: the session, its fixed input size, thresholds, per-thread input buffers. */
abstract class OnnxFaceDetector implements FaceDetector {
  protected final OnnxModel model;
  protected final int inputWidth;
  protected final int inputHeight;
  protected final float threshold;
  protected final double nmsIou;
  protected final ThreadLocal<PlanarImage> buffers;

  OnnxFaceDetector(OnnxModel model, double threshold, double nmsIou) throws OrtException {
    this.model = model;
    long[] shape = model.inputShape();
    this.inputHeight = shape[2] > 0 ? (int) shape[2] : model.spec().input().height();
    this.inputWidth = shape[3] > 0 ? (int) shape[3] : model.spec().input().width();
    this.threshold = (float) threshold;
    this.nmsIou = nmsIou;
    this.buffers = ThreadLocal.withInitial(() -> new PlanarImage(inputWidth, inputHeight));
  }

  @Override
  public String id() {
    return model.spec().id();
  }

  public OnnxModel model() {
    return model;
  }

  @Override
  public void close() {
    model.close();
  }
}
