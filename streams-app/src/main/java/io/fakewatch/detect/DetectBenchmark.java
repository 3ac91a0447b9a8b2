package io.fakewatch.detect;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;

import io.fakewatch.bench.BenchRow;
import io.fakewatch.bench.BenchStats;
import io.fakewatch.media.Jpeg;
import io.fakewatch.media.JpegRegion;
import io.fakewatch.onnx.OnnxModel;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detect lines: frames/s of the stage's batch work ({@link BatchDetector}: JPEG decode, downscale, tensor,
 * YuNet, box decoding, NMS, margin crops as JPEG) against a bare ONNX Runtime loop over the same frames' input
 * tensors, prepared beforehand — the raw limit of the detector itself. The frames come three ways, alternated
 * in every repetition: as ingest sends them (detection copy and restart markers, {@code ingest.detection.copy.px}),
 * full frames alone (the copy off), and the copy with plain full frames (crops decode the whole frame). The
 * {@code detect.jpeg_decode_ms.*} rows time, on one thread, what each way of getting the pixels costs a frame.
 */
public final class DetectBenchmark {
  private static final int FRAMES_PER_BATCH = 8;
  private final YuNetDetector detector;
  private final BatchDetector batches;
  private final List<FrameJpegs> frames;
  private final List<FrameJpegs> plain;
  private final List<FrameJpegs> copyWithPlain;
  private final int repetitions;
  private final PrintStream log;

  private final OnnxModel bare;
  private final OnnxModel bareOneThread;

  /**
   * @param bare a session on the same model with ONNX Runtime's defaults, for the limit
   * @param bareOneThread the same with one intra-op thread, run on every core at once as the stage runs it
   * @param frames the sampled frames as ingest sends them
   * @param plain the same frames sent without a detection copy (full JPEG without restart markers)
   */
  public DetectBenchmark(YuNetDetector detector, OnnxModel bare, OnnxModel bareOneThread, DetectSettings settings, List<FrameJpegs> frames,
                         List<FrameJpegs> plain, int repetitions, PrintStream log) {
    if (frames.size() != plain.size()) {
      throw new IllegalArgumentException(frames.size() + " frames against " + plain.size() + " plain ones");
    }
    this.detector = detector;
    this.bare = bare;
    this.bareOneThread = bareOneThread;
    this.batches = new BatchDetector(detector, settings);
    this.frames = frames;
    this.plain = plain;
    this.copyWithPlain = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      copyWithPlain.add(new FrameJpegs(plain.get(i).full(), frames.get(i).detection()));
    }
    this.repetitions = repetitions;
    this.log = log;
  }

  public List<BenchRow> run() throws Exception {
    List<FloatBuffer> tensors = new ArrayList<>();
    for (FrameJpegs frame : plain) {
      try (Mat image = Jpeg.decode(frame.full(), IMREAD_COLOR); OnnxFaceDetector.Input prepared = detector.prepare(image)) {
        FloatBuffer tensor = prepared.tensor();
        FloatBuffer copy = ByteBuffer.allocateDirect(tensor.remaining() * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        copy.put(tensor).rewind();
        tensors.add(copy);
      }
    }
    stage(frames);
    stage(plain);
    bare(tensors);
    bareParallel(tensors);
    List<Double> stage = new ArrayList<>();
    List<Double> whole = new ArrayList<>();
    List<Double> copyOnly = new ArrayList<>();
    List<Double> limit = new ArrayList<>();
    List<Double> oneThread = new ArrayList<>();
    for (int rep = 0; rep < repetitions; rep++) {
      stage.add(frames.size() / stage(frames));
      whole.add(frames.size() / stage(plain));
      copyOnly.add(frames.size() / stage(copyWithPlain));
      limit.add(frames.size() / bare(tensors));
      oneThread.add(frames.size() / bareParallel(tensors));
      log.printf("  detect rep %d: stage %.1f frames/s (full frames alone %.1f, copy + whole-frame crops %.1f), bare ONNX Runtime %.1f frames/s"
              + " (one-thread runs on every core %.1f)%n",
          rep, stage.get(rep), whole.get(rep), copyOnly.get(rep), limit.get(rep), oneThread.get(rep));
    }
    BenchStats b = BenchStats.of(limit);
    String limitNote = "limit: bare session.run over the same " + frames.size() + " pre-made " + detector.model().spec().name()
        + " tensors (" + bare.provider() + ", ONNX Runtime's default session options); ";
    List<BenchRow> rows = new ArrayList<>();
    rows.add(new BenchRow("detect.frames_per_s", BenchStats.of(stage).median(), "frames/s", b.median(),
        limitNote + "frames as ingest sends them (" + copies() + " of " + frames.size() + " with a detection copy); "
            + BenchStats.of(stage).spread()));
    rows.add(new BenchRow("detect.frames_per_s.full_frames", BenchStats.of(whole).median(), "frames/s", b.median(),
        "the same frames as full-resolution JPEG alone (ingest.detection.copy.px=0): every frame decoded whole; "
            + BenchStats.of(whole).spread()));
    rows.add(new BenchRow("detect.frames_per_s.copy_whole_crops", BenchStats.of(copyOnly).median(), "frames/s", b.median(),
        "detection copy, but full JPEGs without restart markers: a frame with a face is decoded whole for its crops; "
            + BenchStats.of(copyOnly).spread()));
    rows.add(new BenchRow("detect.bare_frames_per_s.one_thread_runs", BenchStats.of(oneThread).median(), "frames/s", b.median(),
        "the bare loop as the stage runs the detector: one intra-op thread a run, " + Runtime.getRuntime().availableProcessors()
            + " runs at once; the limit is ONNX Runtime's default (all cores in one run); " + BenchStats.of(oneThread).spread()));
    rows.addAll(decodeCosts());
    return rows;
  }

  private long copies() {
    return frames.stream().filter(f -> f.detection() != null).count();
  }

  /** Per-frame costs of getting the pixels, one thread, mean over the frames (and each frame's first face's crop). */
  private List<BenchRow> decodeCosts() {
    List<BenchRow> rows = new ArrayList<>();
    rows.add(cost("whole", "the full-resolution JPEG decoded whole (what detect did for every frame)",
        plain, f -> Jpeg.decode(f.full(), IMREAD_COLOR).close()));
    rows.add(cost("reduced_2", "the same at 1/2 scale in the DCT domain (IMREAD_REDUCED_COLOR_2): the entropy decoding stays",
        plain, f -> Jpeg.decode(f.full(), IMREAD_REDUCED_COLOR_2).close()));
    rows.add(cost("reduced_4", "at 1/4 scale (IMREAD_REDUCED_COLOR_4)", plain, f -> Jpeg.decode(f.full(), IMREAD_REDUCED_COLOR_4).close()));
    List<FrameJpegs> withCopy = frames.stream().filter(f -> f.detection() != null).toList();
    rows.add(cost("detection_copy", "the detection copy decoded (frames that have one)", withCopy,
        f -> Jpeg.decode(f.detection(), IMREAD_COLOR).close()));
    List<int[]> boxes = firstFaceCrops();
    List<FrameJpegs> withFace = new ArrayList<>();
    List<int[]> faceBoxes = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (boxes.get(i) != null) {
        withFace.add(frames.get(i));
        faceBoxes.add(boxes.get(i));
      }
    }
    int[] next = {0};
    rows.add(cost("crop_intervals", "one face crop decoded from the restart intervals under it: index, cut, decode (frames with a face)",
        withFace, f -> {
          int[] box = faceBoxes.get(next[0]++ % faceBoxes.size());
          JpegRegion region = JpegRegion.index(f.full());
          if (region != null) {
            Jpeg.decode(region.cut(box[0], box[1], box[2], box[3]).jpeg(), IMREAD_COLOR).close();
          }
        }));
    return rows;
  }

  /** The first crop's rectangle of each frame ({x0, y0, x1, y1}), null for a frame without one. */
  private List<int[]> firstFaceCrops() {
    List<int[]> boxes = new ArrayList<>();
    for (BatchDetector.FrameFaces found : batches.detect(frames)) {
      boxes.add(found.crops().stream().flatMap(java.util.Optional::stream).findFirst()
          .map(c -> new int[] {(int) (float) c.cropBox().getX(), (int) (float) c.cropBox().getY(),
              (int) (c.cropBox().getX() + c.cropBox().getWidth()), (int) (c.cropBox().getY() + c.cropBox().getHeight())})
          .orElse(null));
    }
    return boxes;
  }

  private BenchRow cost(String name, String note, List<FrameJpegs> inputs, Consumer<FrameJpegs> work) {
    if (inputs.isEmpty()) {
      return new BenchRow("detect.jpeg_decode_ms." + name, 0, "ms", 0, note + "; no such frames");
    }
    inputs.forEach(work); // warm-up
    List<Double> means = new ArrayList<>();
    for (int rep = 0; rep < Math.max(1, repetitions); rep++) {
      long start = System.nanoTime();
      inputs.forEach(work);
      means.add((System.nanoTime() - start) / 1e6 / inputs.size());
    }
    BenchStats s = BenchStats.of(means);
    return new BenchRow("detect.jpeg_decode_ms." + name, s.median(), "ms", 0, note + ", mean of " + inputs.size() + " frames; " + s.spread());
  }

  private double stage(List<FrameJpegs> input) {
    long start = System.nanoTime();
    // in batches as ingest sends them (ingest.frames.per.batch, default 8)
    for (int from = 0; from < input.size(); from += FRAMES_PER_BATCH) {
      batches.detect(input.subList(from, Math.min(input.size(), from + FRAMES_PER_BATCH)));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private double bareParallel(List<FloatBuffer> tensors) {
    long start = System.nanoTime();
    tensors.parallelStream().forEach(tensor -> {
      try {
        bareOneThread.run(tensor.duplicate().rewind(), detector.inputShape(), result -> result.size());
      } catch (ai.onnxruntime.OrtException e) {
        throw new IllegalStateException(e);
      }
    });
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
}
