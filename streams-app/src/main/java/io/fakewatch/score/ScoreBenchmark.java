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
      List<Double> stage = new ArrayList<>();
      List<Double> bare = new ArrayList<>();
      for (int rep = 0; rep < repetitions; rep++) {
        stage.add(batch * calls / stage(input, calls));
        bare.add(batch * calls / bare(tensor, batch, calls));
      }
      BenchStats s = BenchStats.of(stage);
      BenchStats b = BenchStats.of(bare);
      log.printf("  score batch %d (%s, %d calls a run): stage %.1f crops/s, bare %.1f crops/s%n", batch,
          model.spec().name(), calls, s.median(), b.median());
      rows.add(new BenchRow("score.crops_per_s.batch" + batch, s.median(), "crops/s", b.median(),
          "limit: bare session.run, same " + model.spec().name() + " and batch, tensor made beforehand (" + model.provider()
              + ", ONNX Runtime's default session options); " + s.spread()));
    }
    return rows;
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
