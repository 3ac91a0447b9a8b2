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
 * tensors come from. The CPU arena (ONNX Runtime's default, kept) holds the largest run's activations for the
 * session's lifetime — 2.2 GB for EfficientNet-B4 after one batch of 32 — so what bounds it is the batch
 * ({@code score.batch.max.cpu}); without it every run allocates and touches its activations afresh, which cost
 * Meso4 2.3× and B4 13–22 % (0.78–0.87 of the bare loop with it). The memory pattern (off here) plans one
 * block per input shape inside the arena: with batches of varying size the arena then holds a block per size
 * (B4, batches 1–8: 900 MB against 600 MB without). docs/benchmarks.md, "Memory".
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
    this(provider, cudaDevice, intraOpThreads, spinning, optimization, true, false);
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
        .define(CPU_ARENA, Type.BOOLEAN, true, MEDIUM,
            "ONNX Runtime's CPU memory arena (its default): keeps the largest run's activations, rounded up to powers "
                + "of two, for the session's lifetime (EfficientNet-B4: 2.2 GB after one batch of 32), so the batch "
                + "bounds it (score.batch.max.cpu). false: each run's tensors are malloc'd and freed as it returns "
                + "(a session holds its weights plus the run in flight) at a cost in speed (Meso4 2.3x slower, B4 "
                + "13-22 %; docs/benchmarks.md, Memory)")
        .define(MEMORY_PATTERN, Type.BOOLEAN, false, LOW,
            "ONNX Runtime's memory pattern (on by default in ONNX Runtime, off here): plans a run's activations as "
                + "one block per input shape; with batches of varying size the arena then keeps a block per size. The face "
                + "detector's sessions, whose input never changes shape, keep it on (about 3 % faster, bench detect)");
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

  /** The same sessions with {@code threads} intra-op threads (0: ONNX Runtime's choice). */
  public OnnxSettings withIntraOpThreads(int threads) {
    return new OnnxSettings(provider, cudaDevice, threads, spinning, optimization, cpuArena, memoryPattern);
  }

  /** The same sessions with the memory pattern on or off. */
  public OnnxSettings withMemoryPattern(boolean on) {
    return new OnnxSettings(provider, cudaDevice, intraOpThreads, spinning, optimization, cpuArena, on);
  }

  public static OnnxSettings cpu() {
    return new OnnxSettings("cpu", 0, 0, "run", "all");
  }
}
