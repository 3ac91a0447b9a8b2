package io.fakewatch.score;

import io.fakewatch.bench.BenchRow;
import io.fakewatch.bench.BenchStats;
import io.fakewatch.onnx.OnnxModel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The score line: crops/s of the stage's classify path (JPEG decode, isotropic resize and pad, tensor,
 * ONNX Runtime, logit) at batch 1, 8 and 32 (or the batches asked for), against a bare ONNX Runtime loop on
 * the same model and batch with the input tensor made beforehand — the raw limit of the classifier. Each
 * measurement runs for about {@link #BUDGET_SECONDS} (at least 2 calls), so a B4-sized model (seconds a
 * batch) takes minutes, not an hour, and Meso4 keeps its 256 crops a measurement.
 */
public final class ScoreBenchmark {
  private final OnnxModel model;
  private final OnnxCropClassifier classifier;
  private final List<byte[]> crops;
  private final int repetitions;
  private final PrintStream log;
  private final List<Integer> batches;
  static final double BUDGET_SECONDS = 4;
  static final double ALTERNATE_ABOVE_SECONDS = 0.5;

  /** @param classifier a single-model classifier over {@code model} */
  public ScoreBenchmark(OnnxModel model, OnnxCropClassifier classifier, List<byte[]> crops, int repetitions, PrintStream log) {
    this(model, classifier, crops, repetitions, List.of(1, 8, 32), log);
  }

  public ScoreBenchmark(OnnxModel model, OnnxCropClassifier classifier, List<byte[]> crops, int repetitions,
      List<Integer> batches, PrintStream log) {
    this.model = model;
    this.classifier = classifier;
    this.crops = crops;
    this.repetitions = repetitions;
    this.batches = List.copyOf(batches);
    this.log = log;
  }

  public List<BenchRow> run() throws Exception {
    List<BenchRow> rows = new ArrayList<>();
    for (int batch : batches) {
      List<byte[]> input = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        input.add(crops.get(i % crops.size()));
      }
      CropTensor tensor = new CropTensor(model.spec().input());
      tensor.fill(input);
      // the warm-up call of each also times one call, which sizes the measurement
      double perCall = Math.max(stage(input, 1), bare(tensor, batch, 1));
      int calls = (int) Math.max(2, Math.min(Math.max(8, 256 / batch), Math.round(BUDGET_SECONDS / perCall)));
      // calls of a second or more alternate stage and bare one by one, so that both see the same share of a
      // busy machine; millisecond calls run in blocks (alternating would measure the bare session's
      // spinning threads taking the cores from the stage's next JPEG decode)
      boolean alternate = perCall > ALTERNATE_ABOVE_SECONDS;
      List<Double> stage = new ArrayList<>();
      List<Double> bare = new ArrayList<>();
      for (int rep = 0; rep < repetitions; rep++) {
        double stageSeconds = 0;
        double bareSeconds = 0;
        for (int block = 0; block < (alternate ? calls : 1); block++) {
          stageSeconds += stage(input, alternate ? 1 : calls);
          bareSeconds += bare(tensor, batch, alternate ? 1 : calls);
        }
        stage.add(batch * calls / stageSeconds);
        bare.add(batch * calls / bareSeconds);
      }
      double fillMs = fillMillisPerCrop(tensor, input);
      BenchStats s = BenchStats.of(stage);
      BenchStats b = BenchStats.of(bare);
      log.printf("  score batch %d (%s, %d calls a run%s): stage %.1f crops/s, bare %.1f crops/s, tensor fill %.2f ms a crop%n",
          batch, model.spec().name(), calls, alternate ? ", alternating" : "", s.median(), b.median(), fillMs);
      rows.add(new BenchRow("score.crops_per_s.batch" + batch, s.median(), "crops/s", b.median(),
          "limit: bare session.run, same " + model.spec().name() + " and batch, tensor made beforehand (" + model.provider()
              + ", ONNX Runtime's default session options); " + s.spread() + String.format(java.util.Locale.ROOT,
              "; tensor fill (JPEG decode, letterbox, normalise, both cores) %.2f ms a crop", fillMs)));
    }
    return rows;
  }

  /** Wall ms a crop of the stage's own pre-processing: what the stage adds to the bare loop. */
  private static double fillMillisPerCrop(CropTensor tensor, List<byte[]> input) {
    int fills = Math.max(4, 256 / input.size());
    long start = System.nanoTime();
    for (int i = 0; i < fills; i++) {
      tensor.fill(input);
    }
    return (System.nanoTime() - start) / 1e6 / fills / input.size();
  }

  private double stage(List<byte[]> input, int calls) {
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      classifier.fakeLogits(input);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private double bare(CropTensor tensor, int batch, int calls) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      tensor.buffer().rewind();
      model.run(tensor.buffer(), tensor.shape(batch), result -> result.size());
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
