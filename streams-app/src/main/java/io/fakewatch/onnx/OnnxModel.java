package io.fakewatch.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.fakewatch.models.ModelSpec;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model: a thread-safe ONNX Runtime session shared by every stream thread, the provider it
 * actually runs on, and its manifest entry (checked against the graph when it loads).
 */
public final class OnnxModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

  private final ModelSpec spec;
  private final OrtSession session;
  private final String provider;

  OnnxModel(ModelSpec spec, OrtSession session, String provider) throws OrtException {
    this.spec = Objects.requireNonNull(spec);
    this.session = Objects.requireNonNull(session);
    this.provider = provider;
    checkAgainstManifest();
  }

  public ModelSpec spec() {
    return spec;
  }

  public OrtSession session() {
    return session;
  }

  /** "cuda" or "cpu": the provider the session really runs on. */
  public String provider() {
    return provider;
  }

  /** Input shape of the graph; -1 where the dimension is dynamic. */
  public long[] inputShape() throws OrtException {
    return ((TensorInfo) session.getInputInfo().get(spec.input().name()).getInfo()).getShape();
  }

  /**
   * Runs the model on a float tensor of {@code shape} taken from {@code input} (a direct, native-order
   * buffer the caller reuses) and hands the result to {@code reader} before the native memory is freed.
   */
  public <R> R run(FloatBuffer input, long[] shape, ResultReader<R> reader) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
         OrtSession.Result result = session.run(Map.of(spec.input().name(), tensor))) {
      return reader.read(result);
    }
  }

  /**
   * Runs the model with its outputs written straight into {@code outputs}: tensors the caller made over its own
   * direct buffers and reuses, so no result is copied out of native memory (ONNX Runtime does not close them).
   */
  public void run(FloatBuffer input, long[] shape, Map<String, OnnxTensor> outputs) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
         OrtSession.Result result = session.run(Map.of(spec.input().name(), tensor), outputs)) {
      if (result.size() != outputs.size()) {
        throw new IllegalStateException(spec.name() + ": " + result.size() + " outputs, " + outputs.size() + " pinned");
      }
    }
  }

  @FunctionalInterface
  public interface ResultReader<R> {
    R read(OrtSession.Result result) throws OrtException;
  }

  private void checkAgainstManifest() throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    NodeInfo input = inputs.get(spec.input().name());
    if (input == null) {
      throw new IllegalStateException("model " + spec.name() + ": the graph has no input '" + spec.input().name()
          + "' (it has " + inputs.keySet() + "); the manifest entry does not match the file");
    }
    long[] shape = ((TensorInfo) input.getInfo()).getShape();
    int rank = spec.input().rank();
    if (shape.length != rank) {
      throw new IllegalStateException("model " + spec.name() + ": input rank " + shape.length + ", expected " + rank
          + " for layout " + spec.input().layout());
    }
    // a sequence model's feature axis is fixed by the graph; T may be dynamic
    if (spec.input().ntc() && shape[2] != spec.input().width()) {
      throw new IllegalStateException("model " + spec.name() + ": input has " + shape[2] + " features per step, the "
          + "manifest says " + spec.input().width());
    }
    String outputName = spec.output().name();
    if (outputName != null && !session.getOutputInfo().containsKey(outputName)) {
      throw new IllegalStateException("model " + spec.name() + ": the graph has no output '" + outputName
          + "' (it has " + session.getOutputInfo().keySet() + ")");
    }
    io.fakewatch.metrics.FakeWatchMetrics.global().providerInUse(spec.role(), spec.name(), provider);
    LOG.info("model {} loaded on {}: input {} {}", spec.id(), provider, spec.input().name(), java.util.Arrays.toString(shape));
  }

  /** "name@version" of each model, in order: what a classifier built from several models reports. */
  public static java.util.List<String> ids(java.util.List<OnnxModel> models) {
    return models.stream().map(m -> m.spec().id()).toList();
  }

  /** "cuda" when every model runs on CUDA, else "cpu". */
  public static String provider(java.util.List<OnnxModel> models) {
    return models.stream().allMatch(m -> m.provider().equals("cuda")) ? "cuda" : "cpu";
  }

  public static OnnxModel open(ModelSpec spec, Path file, OnnxSettings settings) {
    return OnnxSessions.open(spec, file, settings);
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("model {}: closing the session failed: {}", spec.name(), e.getMessage());
    }
  }
}
