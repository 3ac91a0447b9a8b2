package io.fakewatch.score;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.fakewatch.onnx.OnnxModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One or more ONNX classifiers as an ensemble: each crop's FAKE logit is the weighted mean of the models'
 * FAKE logits (with mirrored test-time augmentation, of both views). Sessions are shared by stream threads;
 * each thread has its own reusable input tensors.
 */
public final class OnnxCropClassifier implements CropClassifier {
  private final List<OnnxModel> models;
  private final double[] weights;
  private final boolean mirrored;
  private final List<ThreadLocal<CropTensor>> tensors = new ArrayList<>();

  public OnnxCropClassifier(List<OnnxModel> models, double[] weights, boolean mirrored) {
    if (models.size() != weights.length) {
      throw new IllegalArgumentException(models.size() + " models but " + weights.length + " weights");
    }
    this.models = List.copyOf(models);
    this.weights = weights.clone();
    this.mirrored = mirrored;
    for (OnnxModel model : models) {
      tensors.add(ThreadLocal.withInitial(() -> new CropTensor(model.spec().input())));
    }
  }

  @Override
  public List<String> modelIds() {
    return OnnxModel.ids(models);
  }

  @Override
  public String provider() {
    return OnnxModel.provider(models);
  }

  @Override
  public float[] fakeLogits(List<byte[]> jpegCrops) {
    return scores(jpegCrops).ensemble();
  }

  @Override
  public Scores scores(List<byte[]> jpegCrops) {
    int n = jpegCrops.size();
    float[] result = new float[n];
    float[][] perModel = new float[n][models.size()];
    if (n == 0) {
      return new Scores(result, perModel);
    }
    double[] sum = new double[n];
    boolean[] decodable = new boolean[n];
    java.util.Arrays.fill(decodable, true);
    int views = mirrored ? 2 : 1;
    for (int m = 0; m < models.size(); m++) {
      // each crop is decoded once per model; the mirrored view is the same tensor flipped in place
      CropTensor tensor = tensors.get(m).get();
      boolean[] ok = tensor.fill(jpegCrops);
      for (int view = 0; view < views; view++) {
        if (view == 1) {
          tensor.mirror();
        }
        double[] logits = infer(models.get(m), tensor, n);
        for (int i = 0; i < n; i++) {
          sum[i] += weights[m] * logits[i] / views;
          perModel[i][m] += (float) (logits[i] / views);
        }
      }
      for (int i = 0; i < n; i++) {
        decodable[i] &= ok[i];
      }
    }
    for (int i = 0; i < n; i++) {
      result[i] = decodable[i] ? (float) sum[i] : Float.NaN;
    }
    return new Scores(result, perModel);
  }

  private static double[] infer(OnnxModel model, CropTensor tensor, int n) {
    String meaning = model.spec().output().meaning();
    String output = model.spec().output().name();
    try {
      return model.run(tensor.buffer(), tensor.shape(n), result -> {
        OnnxTensor out = (OnnxTensor) (output == null ? result.get(0) : result.get(output).orElseThrow());
        FloatBuffer values = out.getFloatBuffer();
        double[] logits = new double[n];
        for (int i = 0; i < logits.length; i++) {
          logits[i] = Logits.fakeLogit(values.get(i), meaning);
        }
        return logits;
      });
    } catch (OrtException e) {
      throw new ClassifierException("model " + model.spec().name() + " failed on a batch of " + n + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    models.forEach(OnnxModel::close);
  }

  /** Inference failed for a whole batch (not a bad crop). */
  public static final class ClassifierException extends RuntimeException {
    public ClassifierException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
