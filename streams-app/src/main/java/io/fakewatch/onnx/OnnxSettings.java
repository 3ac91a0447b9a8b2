package io.fakewatch.onnx;

import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** How ONNX Runtime sessions are made: execution provider, threads, graph optimisation. */
public record OnnxSettings(String provider, int cudaDevice, int intraOpThreads, String spinning, String optimization) {
  public static final String PROVIDER = "onnx.provider";
  public static final String CUDA_DEVICE = "onnx.cuda.device";
  public static final String INTRA_OP_THREADS = "onnx.intra.op.threads";
  public static final String SPINNING = "onnx.intra.op.spinning";
  public static final String OPTIMIZATION = "onnx.optimization.level";

  public static void define(ConfigDef def) {
    def.define(PROVIDER, Type.STRING, "auto", ValidString.in("auto", "cpu", "cuda"), MEDIUM,
            "Execution provider: cuda (fails over to CPU with a log line when CUDA cannot load), cpu, or auto (cuda when the GPU build and a GPU are present)")
        .define(CUDA_DEVICE, Type.INT, 0, Range.atLeast(0), LOW, "CUDA device id")
        .define(INTRA_OP_THREADS, Type.INT, 0, Range.between(0, 256), MEDIUM,
            "Intra-op threads per session; 0 lets ONNX Runtime choose (all cores)")
        .define(SPINNING, Type.STRING, "run", ValidString.in("run", "always", "off"), LOW,
            "When ONNX Runtime's intra-op threads spin-wait: run (during a run only, stopped as it returns, so the "
                + "cores go to JPEG decoding and pre-processing between runs; docs/benchmarks.md), always (ONNX "
                + "Runtime's default: they keep spinning after a run), off (they sleep, which slows every run)")
        .define(OPTIMIZATION, Type.STRING, "all", ValidString.in("none", "basic", "extended", "all"), LOW,
            "Graph optimisation level");
  }

  public static OnnxSettings from(FakeWatchConfig config) {
    return new OnnxSettings(config.getString(PROVIDER), config.getInt(CUDA_DEVICE),
        config.getInt(INTRA_OP_THREADS), config.getString(SPINNING), config.getString(OPTIMIZATION));
  }

  /** The same sessions with ONNX Runtime's own default of spinning threads: what a bare loop would use. */
  public OnnxSettings withOrtDefaultSpinning() {
    return new OnnxSettings(provider, cudaDevice, intraOpThreads, "always", optimization);
  }

  /** The same sessions with {@code threads} intra-op threads (0: ONNX Runtime's choice). */
  public OnnxSettings withIntraOpThreads(int threads) {
    return new OnnxSettings(provider, cudaDevice, threads, spinning, optimization);
  }

  public static OnnxSettings cpu() {
    return new OnnxSettings("cpu", 0, 0, "run", "all");
  }
}
