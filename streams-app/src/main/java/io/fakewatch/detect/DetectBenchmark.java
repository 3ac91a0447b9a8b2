package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

import io.fakewatch.bench.BenchRow;
import io.fakewatch.bench.BenchStats;
import io.fakewatch.media.Jpeg;
import io.fakewatch.onnx.OnnxModel;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detect line: frames/s of the stage's batch work ({@link BatchDetector}: JPEG decode, downscale,
 * tensor, YuNet, box decoding, NMS, margin crops as JPEG) against a bare ONNX Runtime loop over the same frames' input
 * tensors, prepared beforehand — the raw limit of the detector itself.
 */
public final class DetectBenchmark {
  private static final int FRAMES_PER_BATCH = 8;
  private final YuNetDetector detector;
  private final BatchDetector batches;
  private final List<byte[]> frames;
  private final int repetitions;
  private final PrintStream log;

  private final OnnxModel bare;

  /** @param bare a session on the same model with ONNX Runtime's defaults, for the limit */
  public DetectBenchmark(YuNetDetector detector, OnnxModel bare, DetectSettings settings, List<byte[]> jpegFrames, int repetitions, PrintStream log) {
    this.detector = detector;
    this.bare = bare;
    this.batches = new BatchDetector(detector, settings);
    this.frames = jpegFrames;
    this.repetitions = repetitions;
    this.log = log;
  }

  public List<BenchRow> run() throws Exception {
    List<FloatBuffer> tensors = new ArrayList<>();
    for (byte[] jpeg : frames) {
      try (Mat image = decode(jpeg); OnnxFaceDetector.Input prepared = detector.prepare(image)) {
        FloatBuffer tensor = prepared.tensor();
        FloatBuffer copy = ByteBuffer.allocateDirect(tensor.remaining() * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        copy.put(tensor).rewind();
        tensors.add(copy);
      }
    }
    stage();
    bare(tensors);
    List<Double> stage = new ArrayList<>();
    List<Double> limit = new ArrayList<>();
    for (int rep = 0; rep < repetitions; rep++) {
      stage.add(frames.size() / stage());
      limit.add(frames.size() / bare(tensors));
      log.printf("  detect rep %d: stage %.1f frames/s, bare ONNX Runtime %.1f frames/s%n", rep, stage.get(rep), limit.get(rep));
    }
    BenchStats s = BenchStats.of(stage);
    BenchStats b = BenchStats.of(limit);
    return List.of(new BenchRow("detect.frames_per_s", s.median(), "frames/s", b.median(),
        "limit: bare session.run over the same " + frames.size() + " pre-made " + detector.model().spec().name()
            + " tensors (" + bare.provider() + ", ONNX Runtime's default session options); " + s.spread()));
  }

  private double stage() {
    long start = System.nanoTime();
    // in batches as ingest sends them (ingest.frames.per.batch, default 8)
    for (int from = 0; from < frames.size(); from += FRAMES_PER_BATCH) {
      batches.detect(frames.subList(from, Math.min(frames.size(), from + FRAMES_PER_BATCH)));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private double bare(List<FloatBuffer> tensors) throws Exception {
    long start = System.nanoTime();
    for (FloatBuffer tensor : tensors) {
      tensor.rewind();
      bare.run(tensor, detector.inputShape(), result -> result.size());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static Mat decode(byte[] jpeg) {
    return Jpeg.decode(jpeg, IMREAD_COLOR);
  }
}
