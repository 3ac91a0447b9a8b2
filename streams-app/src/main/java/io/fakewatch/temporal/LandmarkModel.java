package io.fakewatch.temporal;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.WARP_INVERSE_MAP;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fakewatch.onnx.OnnxModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * MediaPipe Face Mesh (468 points) with its fixed 468→68 table, on ONNX Runtime: input RGB NCHW 0..255
 * [1,3,192,192] (the graph divides by 255), outputs {@code landmarks68}, {@code mesh}, {@code face_score}.
 * The session is shared and thread-safe; each thread reuses its own input tensor.
 */
public final class LandmarkModel implements AutoCloseable {
  private static final int N = FaceRoi.CROP;
  private static final long[] SHAPE = {1, 3, N, N};

  private final OnnxModel model;
  private final ThreadLocal<Tensor> tensors = ThreadLocal.withInitial(Tensor::new);

  public LandmarkModel(OnnxModel model) {
    this.model = model;
  }

  /** Pass 1 and pass 2 of one frame, and the ROI pass 2 ran on. */
  public record Located(FaceLandmarks pass1, FaceLandmarks pass2) {
    /** The kept result: pass 2 (pass 1 when it found no face, so pass 2 never ran). */
    public FaceLandmarks result() {
      return pass2 != null ? pass2 : pass1;
    }

    public boolean found() {
      return pass2 != null && pass2.found();
    }
  }

  /** Runs pass 1 on {@code roi1}, then pass 2 on the ROI of pass 1's mesh (skipped when pass 1 found no face). */
  public Located locate(Mat bgrFrame, FaceRoi roi1) {
    FaceLandmarks pass1 = run(bgrFrame, roi1);
    if (!pass1.found()) {
      return new Located(pass1, null);
    }
    return new Located(pass1, run(bgrFrame, pass1.meshRoi()));
  }

  /** One pass: warps the ROI out of the BGR frame (bilinear, zero border) and runs the model on it. */
  public FaceLandmarks run(Mat bgrFrame, FaceRoi roi) {
    try (Mat crop = warp(bgrFrame, roi)) {
      return runOnCrop(crop, false, roi);
    }
  }

  /** The 192×192 crop of {@code roi}: {@code warpAffine(frame, crop, M, 192×192, INTER_LINEAR | WARP_INVERSE_MAP, BORDER_CONSTANT, 0)}. */
  public static Mat warp(Mat bgrFrame, FaceRoi roi) {
    Mat crop = new Mat();
    try (DoublePointer values = new DoublePointer(roi.matrix());
         Mat m = new Mat(2, 3, CV_64F, values);
         Size size = new Size(N, N);
         Scalar zero = new Scalar(0.0)) {
      warpAffine(bgrFrame, crop, m, size, INTER_LINEAR | WARP_INVERSE_MAP, BORDER_CONSTANT, zero);
    }
    return crop;
  }

  /**
   * Runs on an already-made 192×192 8-bit crop; {@code rgb} says its channel order. Frame points are mapped
   * through {@code roi} (pass the crop's own ROI, or any ROI when only crop points matter).
   */
  public FaceLandmarks runOnCrop(Mat crop, boolean rgb, FaceRoi roi) {
    if (crop.rows() != N || crop.cols() != N || crop.channels() != 3) {
      throw new IllegalArgumentException("the landmark model takes a 192×192 3-channel crop, got "
          + crop.cols() + "×" + crop.rows() + "×" + crop.channels());
    }
    Tensor tensor = tensors.get();
    tensor.fill(crop, rgb);
    try {
      return model.run(tensor.buffer(), SHAPE, result -> read(result, roi));
    } catch (OrtException e) {
      throw new IllegalStateException(model.spec().name() + " inference failed: " + e.getMessage(), e);
    }
  }

  private static FaceLandmarks read(OrtSession.Result result, FaceRoi roi) throws OrtException {
    float score = floats(result, "face_score")[0];
    float[] crop68 = floats(result, "landmarks68");
    float[] mesh = floats(result, "mesh");
    float[] meshXy = new float[468 * 2];
    for (int i = 0; i < 468; i++) {
      meshXy[2 * i] = mesh[3 * i];
      meshXy[2 * i + 1] = mesh[3 * i + 1];
    }
    return new FaceLandmarks(score, roi, crop68, meshXy, roi.toFrame(crop68), roi.toFrame(meshXy));
  }

  private static float[] floats(OrtSession.Result result, String name) throws OrtException {
    FloatBuffer buffer = ((OnnxTensor) result.get(name)
        .orElseThrow(() -> new IllegalStateException("landmark model output " + name + " missing"))).getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  @Override
  public void close() {
    model.close();
  }

  /** A direct native-order [1,3,192,192] float buffer with an OpenCV view of each plane, so OpenCV fills it. */
  private static final class Tensor {
    private final FloatBuffer buffer;
    private final Mat[] planes = new Mat[3];

    Tensor() {
      ByteBuffer bytes = ByteBuffer.allocateDirect(3 * N * N * Float.BYTES).order(ByteOrder.nativeOrder());
      buffer = bytes.asFloatBuffer();
      BytePointer memory = new BytePointer(bytes);
      for (int c = 0; c < 3; c++) {
        planes[c] = new Mat(N, N, CV_32F, new BytePointer(memory).position((long) c * N * N * Float.BYTES));
      }
    }

    void fill(Mat crop, boolean rgb) {
      try (MatVector channels = new MatVector()) {
        split(crop, channels);
        for (int c = 0; c < 3; c++) {
          // plane c is R, G, B; a BGR crop holds R in channel 2
          try (Mat source = channels.get(rgb ? c : 2 - c)) {
            source.convertTo(planes[c], CV_32F);
          }
        }
      }
    }

    FloatBuffer buffer() {
      return buffer.rewind();
    }
  }
}
