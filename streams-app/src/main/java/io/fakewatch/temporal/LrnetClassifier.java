package io.fakewatch.temporal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.fakewatch.models.ModelSpec;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxModel;
import io.fakewatch.onnx.OnnxSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * LRNet (Sun et al., CVPR 2021) on ONNX Runtime: g1 models read the 30 landmark frames of a block, g2 models
 * the 29 differences {@code v[t+1] − v[t]} inside it. Which is which comes from the manifest (input height 30
 * or 29). A block's mix is the mean of the models' FAKE probabilities, so the usual g1 + g2 pair gives
 * LRNet's (g1 + g2) / 2. Every block of a call goes through each model in one batched run; sessions are
 * shared by stream threads.
 */
public final class LrnetClassifier implements SequenceClassifier {
  private static final int FAKE = 1;

  private final List<OnnxModel> models;
  private final boolean[] differences;

  public LrnetClassifier(List<OnnxModel> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("LRNet needs at least one model");
    }
    this.models = List.copyOf(models);
    this.differences = new boolean[models.size()];
    for (int m = 0; m < models.size(); m++) {
      ModelSpec.Input input = models.get(m).spec().input();
      if (!input.ntc() || input.width() != FEATURES || (input.height() != FRAMES && input.height() != FRAMES - 1)) {
        throw new IllegalArgumentException("model " + models.get(m).spec().name() + ": input " + input.layout() + " "
            + input.height() + "x" + input.width() + " is not an LRNet block (NTC, " + FRAMES + " or " + (FRAMES - 1)
            + " frames of " + FEATURES + ")");
      }
      differences[m] = input.height() == FRAMES - 1;
    }
  }

  /** Opens the configured models (each must be a temporal-classifier in the manifest) on ONNX Runtime. */
  public static LrnetClassifier open(TemporalSettings settings, ModelStore store, OnnxSettings onnx) {
    List<OnnxModel> opened = new ArrayList<>();
    try {
      for (String name : settings.models()) {
        ModelSpec spec = store.manifest().find(name);
        if (!ModelSpec.TEMPORAL_CLASSIFIER.equals(spec.role())) {
          throw new IllegalArgumentException("model " + name + " is a " + spec.role() + ", not a "
              + ModelSpec.TEMPORAL_CLASSIFIER + " (" + TemporalSettings.MODELS + ")");
        }
        opened.add(OnnxModel.open(spec, store.resolve(spec), onnx));
      }
      return new LrnetClassifier(opened);
    } catch (RuntimeException e) {
      opened.forEach(OnnxModel::close);
      throw e;
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
  public BlockResult[] score(List<float[]> blocks) {
    int n = blocks.size();
    for (int b = 0; b < n; b++) {
      if (blocks.get(b).length != FRAMES * FEATURES) {
        throw new IllegalArgumentException("block " + b + " has " + blocks.get(b).length + " values, expected "
            + FRAMES + "x" + FEATURES);
      }
    }
    float[][] probabilities = new float[n][models.size()];
    if (n == 0) {
      return new BlockResult[0];
    }
    // one buffer per call, not per thread: a block is 16 KB and the batch size varies from record to record
    FloatBuffer positions = fill(blocks, false);
    FloatBuffer deltas = null;
    for (int m = 0; m < models.size(); m++) {
      FloatBuffer input;
      if (differences[m]) {
        deltas = deltas == null ? fill(blocks, true) : deltas;
        input = deltas;
      } else {
        input = positions;
      }
      float[] fake = run(models.get(m), input.rewind(), n, differences[m] ? FRAMES - 1 : FRAMES);
      for (int b = 0; b < n; b++) {
        probabilities[b][m] = fake[b];
      }
    }
    BlockResult[] results = new BlockResult[n];
    for (int b = 0; b < n; b++) {
      double sum = 0;
      for (float p : probabilities[b]) {
        sum += p;
      }
      results[b] = new BlockResult((float) (sum / models.size()), probabilities[b]);
    }
    return results;
  }

  /** The blocks as one [n, T, 136] tensor: positions (T = 30), or the 29 frame-to-frame differences. */
  private static FloatBuffer fill(List<float[]> blocks, boolean differences) {
    int frames = differences ? FRAMES - 1 : FRAMES;
    FloatBuffer buffer = ByteBuffer.allocateDirect(blocks.size() * frames * FEATURES * Float.BYTES)
        .order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (float[] block : blocks) {
      if (!differences) {
        buffer.put(block);
        continue;
      }
      for (int t = 0; t < frames; t++) {
        for (int f = 0; f < FEATURES; f++) {
          buffer.put(block[(t + 1) * FEATURES + f] - block[t * FEATURES + f]);
        }
      }
    }
    return buffer.flip();
  }

  private static float[] run(OnnxModel model, FloatBuffer input, int n, int frames) {
    String output = model.spec().output().name();
    try {
      return model.run(input, new long[] {n, frames, FEATURES}, result -> {
        FloatBuffer prob = ((OnnxTensor) result.get(output).orElseThrow(() -> new IllegalStateException(
            "model " + model.spec().name() + " gave no output '" + output + "'"))).getFloatBuffer();
        float[] fake = new float[n];
        for (int b = 0; b < n; b++) {
          fake[b] = prob.get(2 * b + FAKE);
        }
        return fake;
      });
    } catch (OrtException e) {
      throw new IllegalStateException("model " + model.spec().name() + ": ONNX Runtime failed on " + n + " blocks: "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    models.forEach(OnnxModel::close);
  }
}
