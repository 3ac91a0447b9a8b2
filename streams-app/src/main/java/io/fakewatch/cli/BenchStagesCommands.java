package io.fakewatch.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The per-stage benchmark commands: decode, detect, score, temporal. */
final class BenchStagesCommands {
  private BenchStagesCommands() {}

  @Command(name = "decode", mixinStandardHelpOptions = true,
      description = "Ingest decode (probe, sequential decode, sampling, JPEG) vs the ffmpeg CLI on the same videos.")
  static final class Decode implements Callable<Integer> {
    @Mixin BenchOptions bench;
    @Mixin PipelineOptions pipeline;

    @Override
    public Integer call() throws Exception {
      var config = StageBenchmarks.config(bench, pipeline);
      bench.report(StageBenchmarks.decode(config, bench.videos, bench.repetitions, System.out));
      return 0;
    }
  }

  @Command(name = "detect", mixinStandardHelpOptions = true,
      description = "Detect stage frames/s vs a bare ONNX Runtime loop over the same pre-made tensors.")
  static final class Detect implements Callable<Integer> {
    @Mixin BenchOptions bench;
    @Mixin PipelineOptions pipeline;

    @Option(names = "--max-videos", defaultValue = "4", description = "Videos whose 32 sampled frames are used (default ${DEFAULT-VALUE})")
    int maxVideos;

    @Override
    public Integer call() throws Exception {
      var config = StageBenchmarks.config(bench, pipeline);
      bench.report(StageBenchmarks.detect(config, bench.videos, maxVideos, bench.repetitions, System.out));
      return 0;
    }
  }

  @Command(name = "score", mixinStandardHelpOptions = true,
      description = "Score stage crops/s at batch 1, 8, 32 vs a bare ONNX Runtime loop, same model and batch.")
  static final class Score implements Callable<Integer> {
    @Mixin BenchOptions bench;
    @Mixin PipelineOptions pipeline;

    @Option(names = "--crops", defaultValue = "../shared/data/images", description = "Directory with mesonet_*.jpg face crops (default ${DEFAULT-VALUE})")
    Path crops;

    @Option(names = "--classifier", paramLabel = "NAME",
        description = "Classifier from the manifest to measure (default: the first of score.models); benchmark-only models allowed")
    String classifier;

    @Option(names = "--batches", paramLabel = "N,N", split = ",", defaultValue = "1,8,32",
        description = "Batch sizes to measure (default ${DEFAULT-VALUE})")
    List<Integer> batches;

    @Override
    public Integer call() throws Exception {
      var config = StageBenchmarks.config(bench.videos, pipeline.benchSettings(bench.videos, classifier));
      bench.report(StageBenchmarks.score(config, crops, bench.repetitions, batches, System.out));
      return 0;
    }
  }

  @Command(name = "temporal", mixinStandardHelpOptions = true,
      description = "Temporal path on real clips: landmark crops/s (LandmarkModel.locate, two passes) vs a bare ONNX Runtime "
          + "loop over the same pre-made crops; ms per 30-frame clip (LrnetSequencer); LRNet ms per block.")
  static final class Temporal implements Callable<Integer> {
    @Mixin BenchOptions bench;
    @Mixin PipelineOptions pipeline;

    @Option(names = "--max-videos", defaultValue = "4", description = "Videos whose first clip is used (default ${DEFAULT-VALUE})")
    int maxVideos;

    @Override
    public Integer call() throws Exception {
      var config = StageBenchmarks.config(bench, pipeline);
      bench.report(StageBenchmarks.temporal(config, bench.videos, maxVideos, bench.repetitions, System.out));
      return 0;
    }
  }
}
