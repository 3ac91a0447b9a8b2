package io.fakewatch.detect;

import ai.onnxruntime.OrtException;
import io.fakewatch.onnx.OnnxModel;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What every ONNX face detector shares: the session, its fixed input size, thresholds, and a pool of input
 * tensors (one per frame being prepared, returned when its inference is done).
 */
abstract class OnnxFaceDetector implements FaceDetector {
  protected final OnnxModel model;
  protected final int inputWidth;
  protected final int inputHeight;
  protected final float threshold;
  protected final double nmsIou;
  private final ConcurrentLinkedQueue<PlanarImage> pool = new ConcurrentLinkedQueue<>();

  OnnxFaceDetector(OnnxModel model, double threshold, double nmsIou) throws OrtException {
    this.model = model;
    long[] shape = model.inputShape();
    this.inputHeight = shape[2] > 0 ? (int) shape[2] : model.spec().input().height();
    this.inputWidth = shape[3] > 0 ? (int) shape[3] : model.spec().input().width();
    this.threshold = (float) threshold;
    this.nmsIou = nmsIou;
  }

  @Override
  public String id() {
    return model.spec().id();
  }

  public OnnxModel model() {
    return model;
  }

  public long[] inputShape() {
    return new long[] {1, 3, inputHeight, inputWidth};
  }

  /** A pooled input tensor; the caller fills it and wraps it in an {@link Input}. */
  protected PlanarImage borrow() {
    PlanarImage image = pool.poll();
    return image != null ? image : new PlanarImage(inputWidth, inputHeight);
  }

  @Override
  public List<Detection> detect(Prepared prepared) {
    try (Input input = (Input) prepared) {
      return Nms.apply(decode(input), nmsIou);
    } catch (OrtException e) {
      throw new IllegalStateException(model.spec().name() + " inference failed: " + e.getMessage(), e);
    }
  }

  /** Runs the model on {@code input} and maps the raw boxes back to the frame. */
  protected abstract List<Detection> decode(Input input) throws OrtException;

  /**
   * A filled tensor with the frame's size and the factor from model pixels back to frame pixels; closing it
   * returns the tensor to the pool.
   */
  protected final class Input implements Prepared {
    final int frameWidth;
    final int frameHeight;
    final float toFrame;
    private final PlanarImage image;

    Input(PlanarImage image, int frameWidth, int frameHeight, float toFrame) {
      this.image = image;
      this.frameWidth = frameWidth;
      this.frameHeight = frameHeight;
      this.toFrame = toFrame;
    }

    FloatBuffer tensor() {
      return image.tensor();
    }

    @Override
    public void close() {
      pool.offer(image);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
