package io.fakewatch.bench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

import io.fakewatch.detect.Detection;
import io.fakewatch.detect.FaceDetector;
import io.fakewatch.media.Jpeg;
import io.fakewatch.onnx.OnnxModel;
import io.fakewatch.temporal.ClipSequencer;
import io.fakewatch.temporal.FaceRoi;
import io.fakewatch.temporal.LandmarkModel;
import io.fakewatch.temporal.SequenceClassifier;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The temporal lines, on real clips (the first clip of a few videos, decoded by ingest's own clip path):
 * <ul>
 *   <li>{@code temporal.landmark_crops_per_s}: the detect stage's landmark work per face crop
 *   ({@link LandmarkModel#locate}: warp, tensor, pass 1, then warp, tensor, pass 2 on pass 1's mesh ROI), the
 *   ROI from YuNet on the clip's first frame, against a bare {@code session.run} loop over pre-made
 *   [1,3,192,192] tensors of the same crops on a session with ONNX Runtime's default options;</li>
 *   <li>{@code temporal.clip_ms}: {@link ClipSequencer#sequences} on a whole 30-frame clip (landmarks on every
 *   frame, and for the detector follow mode YuNet on frames 1..29, then LRNet's pre-processing), median over
 *   clips and repetitions; the clip's JPEG decoding and first-frame YuNet are not in it;</li>
 *   <li>{@code temporal.lrnet_ms_per_block}: LRNet (all configured models) on one 30-frame block.</li>
 * </ul>
 */
public final class TemporalBenchmark {
  /** A clip's decoded BGR frames and the faces YuNet found on its first frame. */
  public record Clip(String name, List<Mat> frames, List<Detection> faces) {}

  private static final int N = FaceRoi.CROP;
  private static final long[] SHAPE = {1, 3, N, N};
  private static final int LRNET_CALLS = 200;

  private final LandmarkModel landmarks;
  private final OnnxModel bare;
  private final ClipSequencer sequencer;
  private final SequenceClassifier lrnet;
  private final List<Clip> clips;
  private final int repetitions;
  private final PrintStream log;

  /**
   * @param landmarks the stage's landmark model (stage session options)
   * @param bare a session on the same landmark model with ONNX Runtime's defaults, for the limit
   * @param sequencer the stage's sequencer over {@code landmarks}
   */
  public TemporalBenchmark(LandmarkModel landmarks, OnnxModel bare, ClipSequencer sequencer, SequenceClassifier lrnet,
      List<Clip> clips, int repetitions, PrintStream log) {
    if (clips.isEmpty()) {
      throw new IllegalArgumentException("no clip with a face to benchmark the temporal path on");
    }
    this.landmarks = landmarks;
    this.bare = bare;
    this.sequencer = sequencer;
    this.lrnet = lrnet;
    this.clips = clips;
    this.repetitions = repetitions;
    this.log = log;
  }

  /** A clip's decoded frames (the clip owns them) and the detector's faces on the first one (under {@code minFacePx} dropped). */
  public static Clip clip(String name, List<Mat> frames, FaceDetector detector, int minFacePx) {
    List<Detection> faces = frames.isEmpty() ? List.of()
        : detector.detect(frames.get(0)).stream().filter(f -> f.width() >= minFacePx).toList();
    return new Clip(name, frames, faces);
  }

  public List<BenchRow> run() throws Exception {
    // the crops of every pass the stage runs, made once: what the bare loop feeds the model
    List<FloatBuffer> tensors = new ArrayList<>();
    int located = 0;
    for (Clip clip : clips) {
      FaceRoi roi = FaceRoi.fromDetection(clip.faces().get(0));
      for (Mat frame : clip.frames()) {
        LandmarkModel.Located result = landmarks.locate(frame, roi);
        tensors.add(tensor(frame, roi));
        if (result.pass2() != null) {
          tensors.add(tensor(frame, result.pass1().meshRoi()));
        }
        located++;
      }
    }
    int passes = tensors.size();
    stageLandmarks();
    bareLandmarks(tensors);
    List<Double> stage = new ArrayList<>();
    List<Double> limit = new ArrayList<>();
    for (int rep = 0; rep < repetitions; rep++) {
      stage.add(passes / stageLandmarks());
      limit.add(passes / bareLandmarks(tensors));
      log.printf("  temporal landmarks rep %d: stage %.1f crops/s, bare ONNX Runtime %.1f crops/s%n", rep, stage.get(rep),
          limit.get(rep));
    }
    BenchStats s = BenchStats.of(stage);
    BenchStats b = BenchStats.of(limit);

    List<Double> clipMillis = new ArrayList<>();
    List<float[]> blocks = new ArrayList<>();
    for (Clip clip : clips) {
      sequences(clip, blocks); // warm-up, and the real blocks LRNet is timed on
    }
    for (int rep = 0; rep < repetitions; rep++) {
      for (Clip clip : clips) {
        long start = System.nanoTime();
        sequencer.sequences(clip.frames(), clip.faces());
        clipMillis.add((System.nanoTime() - start) / 1e6);
      }
      log.printf("  temporal clips rep %d: %s ms per clip%n", rep, round(clipMillis.subList(rep * clips.size(),
          (rep + 1) * clips.size())));
    }
    BenchStats c = BenchStats.of(clipMillis);
    int frames = clips.get(0).frames().size();

    String blockSource = blocks.isEmpty() ? "a zero block (no clip gave a full sequence)" : blocks.size() + " real blocks";
    if (blocks.isEmpty()) {
      blocks.add(new float[SequenceClassifier.FRAMES * SequenceClassifier.FEATURES]);
    }
    lrnetLoop(blocks);
    List<Double> blockMillis = new ArrayList<>();
    for (int rep = 0; rep < repetitions; rep++) {
      blockMillis.add(lrnetLoop(blocks) * 1000 / LRNET_CALLS);
    }
    BenchStats l = BenchStats.of(blockMillis);
    log.printf("  temporal LRNet: %s ms per block%n", round(blockMillis));

    return List.of(
        new BenchRow("temporal.landmark_crops_per_s", s.median(), "crops/s", b.median(),
            "limit: bare session.run over the same " + passes + " pre-made [1,3,192,192] crops (" + located + " frames of "
                + clips.size() + " clips, pass 1 + pass 2) of " + bare.spec().name() + " (" + bare.provider()
                + ", ONNX Runtime's default session options); " + s.spread()),
        new BenchRow("temporal.clip_ms", c.median(), "ms", 0,
            "LrnetSequencer.sequences on a " + frames + "-frame clip, median of " + clips.size() + " clips x "
                + repetitions + " runs (" + String.format(java.util.Locale.ROOT, "%.1f-%.1f", c.min(), c.max())
                + "); the bare landmark model alone: " + String.format(java.util.Locale.ROOT, "%.1f", 1000.0 * passes
                / clips.size() / b.median()) + " ms of passes per clip"),
        new BenchRow("temporal.lrnet_ms_per_block", l.median(), "ms", 0,
            "LRNet " + String.join("+", lrnet.modelIds()) + " on one 30-frame block per call, " + LRNET_CALLS
                + " calls over " + blockSource + "; " + l.spread()));
  }

  private void sequences(Clip clip, List<float[]> blocks) {
    for (ClipSequencer.Sequence sequence : sequencer.sequences(clip.frames(), clip.faces())) {
      int block = SequenceClassifier.FRAMES * SequenceClassifier.FEATURES;
      if (!sequence.abstained() && sequence.landmarks().length >= block) {
        blocks.add(java.util.Arrays.copyOf(sequence.landmarks(), block));
      }
    }
  }

  private double stageLandmarks() {
    long start = System.nanoTime();
    for (Clip clip : clips) {
      FaceRoi roi = FaceRoi.fromDetection(clip.faces().get(0));
      for (Mat frame : clip.frames()) {
        landmarks.locate(frame, roi);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private double bareLandmarks(List<FloatBuffer> tensors) throws Exception {
    long start = System.nanoTime();
    for (FloatBuffer tensor : tensors) {
      tensor.rewind();
      bare.run(tensor, SHAPE, result -> result.size());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private double lrnetLoop(List<float[]> blocks) {
    long start = System.nanoTime();
    for (int i = 0; i < LRNET_CALLS; i++) {
      lrnet.score(List.of(blocks.get(i % blocks.size())));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The model's input for the ROI's crop: RGB planes, 0..255 floats (the graph divides by 255), as the stage fills it. */
  static FloatBuffer tensor(Mat bgrFrame, FaceRoi roi) {
    try (Mat crop = LandmarkModel.warp(bgrFrame, roi)) {
      byte[] pixels = new byte[N * N * 3];
      crop.data().get(pixels);
      return planarRgb(pixels);
    }
  }

  /** Interleaved BGR bytes of a 192×192 crop → a direct [1,3,192,192] RGB float buffer. */
  static FloatBuffer planarRgb(byte[] bgr) {
    FloatBuffer tensor = ByteBuffer.allocateDirect(3 * N * N * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < N * N; p++) {
        tensor.put(bgr[3 * p + 2 - c] & 0xff);
      }
    }
    return tensor.rewind();
  }

  private static String round(List<Double> values) {
    return values.stream().map(v -> String.format(java.util.Locale.ROOT, "%.1f", v)).toList().toString();
  }
}
