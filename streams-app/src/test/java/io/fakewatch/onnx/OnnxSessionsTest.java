package io.fakewatch.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.models.ModelManifest;
import io.fakewatch.models.ModelSpec;
import io.fakewatch.models.ModelStore;
import io.fakewatch.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU memory keys reach ONNX Runtime, read back from what the process keeps resident: a session made
 * with {@code onnx.cpu.arena=false} gives a large run's activations back when the run returns; one made with
 * the arena on (the default, and ONNX Runtime's) keeps them.
 * Meso4 at batch 64, measured: the arena keeps 585 MB resident after the run, no arena 0 MB, so a session
 * that ignored the key (or a default that went back to the arena) fails one of the two.
 */
class OnnxSessionsTest {
  private static final int BATCH = 64;
  /** What a run may leave resident with the arena off: JIT code and ONNX Runtime's per-shape bookkeeping. */
  private static final long OFF_MARGIN = 24L << 20;
  /** What the arena keeps at least: a quarter of the 585 MB measured. */
  private static final long ARENA_KEEPS = 128L << 20;

  private static ModelSpec spec;
  private static Path file;

  @BeforeAll
  static void model(@TempDir Path cache) {
    ModelStore store = new ModelStore(ModelManifest.load(null), cache, SharedData.modelMirror());
    spec = store.manifest().find("meso4_df");
    file = store.resolve(spec);
  }

  @Test
  void defaultsKeepTheArenaAndTurnTheMemoryPatternOff() {
    OnnxSettings defaults = OnnxSettings.from(FakeWatchConfig.defaults());
    assertThat(defaults.cpuArena()).isTrue();
    assertThat(defaults.memoryPattern()).isFalse();
    assertThat(defaults).isEqualTo(new OnnxSettings("auto", 0, 0, "run", "all"));
    assertThat(OnnxSettings.from(FakeWatchConfig.of(Map.of(OnnxSettings.CPU_ARENA, "false"))).cpuArena()).isFalse();
    // the benchmarks' bare loop: ONNX Runtime as it comes
    assertThat(defaults.withOrtDefaults().memoryPattern()).isTrue();
    assertThat(defaults.withOrtDefaults().spinning()).isEqualTo("always");
  }

  @Test
  void withTheArenaOffALargeRunGivesItsMemoryBack() throws Exception {
    long kept = keptAfterLargeRun(new OnnxSettings("cpu", 0, 1, "run", "all", false, true));
    assertThat(kept).as("resident growth after a batch of %d, arena off", BATCH).isLessThan(OFF_MARGIN);
  }

  @Test
  void withTheArenaOnTheSameRunStaysResident() throws Exception {
    long kept = keptAfterLargeRun(new OnnxSettings("cpu", 0, 1, "run", "all", true, true));
    assertThat(kept).as("resident growth after a batch of %d, arena on", BATCH).isGreaterThan(ARENA_KEEPS);
  }

  /** Resident bytes a session still holds after one batch of {@link #BATCH}, beyond what a batch of 1 left. */
  private static long keptAfterLargeRun(OnnxSettings settings) throws Exception {
    return keptAfterRuns(settings, new int[] {BATCH});
  }

  /** Resident bytes a session still holds after runs at {@code batches}, beyond what batches of 1 left. */
  private static long keptAfterRuns(OnnxSettings settings, int[] batches) throws Exception {
    FloatBuffer input = ByteBuffer.allocateDirect(BATCH * 256 * 256 * 3 * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
    for (int i = 0; i < input.capacity(); i++) {
      input.put(i, (i % 251) / 251f);
    }
    try (OnnxModel model = OnnxSessions.open(spec, file, settings)) {
      for (int i = 0; i < 3; i++) { // warm: JIT, ONNX Runtime's first-run allocations at batch 1
        run(model, input, 1);
      }
      long before = resident();
      for (int batch : batches) {
        run(model, input, batch);
      }
      long kept = resident() - before;
      org.slf4j.LoggerFactory.getLogger(OnnxSessionsTest.class).info("arena {}, memory pattern {}: {} MB resident after batches of {}",
          settings.cpuArena() ? "on" : "off", settings.memoryPattern() ? "on" : "off", kept >> 20,
          java.util.Arrays.toString(batches));
      return kept;
    }
  }

  private static void run(OnnxModel model, FloatBuffer input, int n) throws Exception {
    input.clear().limit(n * 256 * 256 * 3);
    model.run(input, new long[] {n, 256, 256, 3}, result -> result.size());
  }

  /** VmRSS after malloc_trim (memory malloc freed leaves the resident set). */
  private static long resident() throws Exception {
    Pointer.trimMemory();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
