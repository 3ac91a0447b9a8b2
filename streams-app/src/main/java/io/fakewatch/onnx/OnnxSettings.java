package io.fakewatch.onnx;

import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * How ONNX Runtime sessions are made: execution provider, threads, graph optimisation, and where a run's
 * tensors come from. {@code cpuArena} false (the default) gives each run its activations from malloc and back
 * after the run, so a session's resident memory is its weights plus the run in flight; ONNX Runtime's own
 * default, the arena, keeps the largest run's activations (rounded up to powers of two) for the session's
 * lifetime: 2.2 GB for EfficientNet-B4 after one batch of 32 (docs/benchmarks.md, "Memory").
 */
public record OnnxSettings(String provider, int cudaDevice, int intraOpThreads, String spinning, String optimization,
    boolean cpuArena, boolean memoryPattern) {
  public static final String PROVIDER = "onnx.provider";
  public static final String CUDA_DEVICE = "onnx.cuda.device";
  public static final String INTRA_OP_THREADS = "onnx.intra.op.threads";
  public static final String SPINNING = "onnx.intra.op.spinning";
  public static final String OPTIMIZATION = "onnx.optimization.level";
  public static final String CPU_ARENA = "onnx.cpu.arena";
  public static final String MEMORY_PATTERN = "onnx.memory.pattern";

  /** The project's defaults for the memory keys, with the other keys given. */
  public OnnxSettings(String provider, int cudaDevice, int intraOpThreads, String spinning, String optimization) {
    this(provider, cudaDevice, intraOpThreads, spinning, optimization, false, true);
  }

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
            "Graph optimisation level")
        .define(CPU_ARENA, Type.BOOLEAN, false, MEDIUM,
            "ONNX Runtime's CPU memory arena. false: a run's tensors are malloc'd and freed when it returns, so a "
                + "session holds its weights plus the run in flight. true (ONNX Runtime's default): the arena keeps "
                + "the largest run's activations, rounded up to powers of two, for the session's lifetime "
                + "(EfficientNet-B4: 2.2 GB after one batch of 32; docs/benchmarks.md, Memory)")
        .define(MEMORY_PATTERN, Type.BOOLEAN, true, LOW,
            "ONNX Runtime's memory pattern: plan a run's activations as one allocation per input shape, reused "
                + "while the shape repeats (the planned block is freed with the run when " + CPU_ARENA + " is false)");
  }

  public static OnnxSettings from(FakeWatchConfig config) {
    return new OnnxSettings(config.getString(PROVIDER), config.getInt(CUDA_DEVICE),
        config.getInt(INTRA_OP_THREADS), config.getString(SPINNING), config.getString(OPTIMIZATION),
        config.getBoolean(CPU_ARENA), config.getBoolean(MEMORY_PATTERN));
  }

  /**
   * The same provider, threads and graph optimisation with ONNX Runtime's own defaults for everything else
   * (spinning threads, CPU arena, memory pattern): what a bare loop would use, the benchmarks' limit.
   */
  public OnnxSettings withOrtDefaults() {
    return new OnnxSettings(provider, cudaDevice, intraOpThreads, "always", optimization, true, true);
  }

  public static OnnxSettings cpu() {
    return new OnnxSettings("cpu", 0, 0, "run", "all");
  }
}
