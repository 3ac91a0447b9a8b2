package io.fakewatch.cli;

import io.fakewatch.bench.BenchRow;
import io.fakewatch.bench.ClipTransportBenchmark;
import io.fakewatch.events.ClipSegment;
import io.fakewatch.media.ClipSegmentDecoder;
import io.fakewatch.media.Jpeg;
import org.bytedeco.opencv.opencv_core.Mat;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.detect.DetectBenchmark;
import io.fakewatch.detect.DetectSettings;
import io.fakewatch.detect.FaceDetector;
import io.fakewatch.detect.FaceDetectors;
import io.fakewatch.detect.FrameJpegs;
import io.fakewatch.detect.YuNetDetector;
import io.fakewatch.ingest.ClipCollector;
import io.fakewatch.ingest.DecodeBenchmark;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.ingest.SampledFrame;
import io.fakewatch.ingest.VideoDecoder;
import io.fakewatch.models.ModelSpec;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxModel;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.score.OnnxCropClassifier;
import io.fakewatch.score.ScoreBenchmark;
import io.fakewatch.score.ScoreSettings;
import io.fakewatch.score.ScoreStage;
import io.fakewatch.bench.TemporalBenchmark;
import io.fakewatch.ingest.IngestFailure;
import io.fakewatch.temporal.LandmarkModel;
import io.fakewatch.temporal.LandmarkSettings;
import io.fakewatch.temporal.LrnetClassifier;
import io.fakewatch.temporal.LrnetSequencer;
import io.fakewatch.temporal.TemporalSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Opens what each stage benchmark needs from config and runs it. */
final class StageBenchmarks {
  private StageBenchmarks() {}

  static FakeWatchConfig config(BenchOptions bench, PipelineOptions pipeline) {
    return config(bench.videos, pipeline.benchSettings(bench.videos, null));
  }

  static FakeWatchConfig config(Path videos, Map<String, String> settings) {
    Map<String, String> values = new HashMap<>(settings);
    values.putIfAbsent(IngestSettings.FILE_ROOTS, videos.toAbsolutePath().normalize().toString());
    return FakeWatchConfig.of(values);
  }

  static List<Path> videos(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
    }
  }

  static List<BenchRow> decode(FakeWatchConfig config, Path dir, int repetitions, PrintStream log) throws Exception {
    return new DecodeBenchmark(videos(dir), IngestSettings.from(config),
        IngestSettings.from(config.with(IngestSettings.DECODE_SKIP, IngestSettings.SKIP_NONE)), repetitions, log).run();
  }

  static List<BenchRow> detect(FakeWatchConfig config, Path dir, int maxVideos, int repetitions, PrintStream log) throws Exception {
    // the frames as ingest sends them, and the same frames without the detection copy (and restart markers)
    VideoDecoder decoder = new VideoDecoder(IngestSettings.from(config));
    VideoDecoder plainDecoder = new VideoDecoder(IngestSettings.from(config.with(IngestSettings.DETECTION_COPY_PX, "0")));
    List<FrameJpegs> frames = new ArrayList<>();
    List<FrameJpegs> plain = new ArrayList<>();
    for (Path video : videos(dir).stream().limit(maxVideos).toList()) {
      decoder.sample(video).forEach(f -> frames.add(new FrameJpegs(f.jpeg(), f.detectionJpeg())));
      plainDecoder.sample(video).forEach(f -> plain.add(FrameJpegs.full(f.jpeg())));
    }
    DetectSettings settings = DetectSettings.from(config);
    ModelStore store = ModelStore.from(config);
    ModelSpec spec = store.manifest().find(settings.model());
    // the limit is ONNX Runtime as it comes: its own session defaults, spinning threads included
    try (FaceDetector detector = FaceDetectors.open(settings, store, OnnxSettings.from(config));
         OnnxModel bare = OnnxModel.open(spec, store.resolve(spec), OnnxSettings.from(config).withOrtDefaults());
         OnnxModel oneThread = OnnxModel.open(spec, store.resolve(spec), OnnxSettings.from(config).withOrtDefaults().withIntraOpThreads(1))) {
      if (!(detector instanceof YuNetDetector yunet)) {
        throw new IllegalArgumentException("the detect benchmark measures YuNet; detect.model is " + settings.model());
      }
      return new DetectBenchmark(yunet, bare, oneThread, settings, frames, plain, repetitions, log).run();
    }
  }

  /** The score lines of the first model in {@code score.models}, at each of {@code batches}. */
  static List<BenchRow> score(FakeWatchConfig config, Path cropsDir, int repetitions, List<Integer> batches, PrintStream log)
      throws Exception {
    List<byte[]> crops = new ArrayList<>();
    try (Stream<Path> files = Files.list(cropsDir)) {
      for (Path file : files.filter(p -> p.getFileName().toString().startsWith("mesonet_")).sorted().toList()) {
        crops.add(Files.readAllBytes(file));
      }
    }
    if (crops.isEmpty()) {
      throw new IllegalArgumentException("no mesonet_*.jpg face crops in " + cropsDir);
    }
    ScoreSettings settings = ScoreSettings.from(config);
    ModelStore store = ModelStore.from(config);
    String first = settings.models().get(0);
    try (OnnxCropClassifier classifier = ScoreStage.open(new ScoreSettings(List.of(first), List.of(), false), store,
             OnnxSettings.from(config));
         OnnxModel bare = OnnxModel.open(store.manifest().find(first), store.resolve(first),
             OnnxSettings.from(config).withOrtDefaults())) {
      return new ScoreBenchmark(bare, classifier, crops, repetitions, batches, log).run();
    }
  }

  /** The temporal lines on the first clip of the first {@code maxVideos} videos that show a face. */
  static List<BenchRow> temporal(FakeWatchConfig config, Path dir, int maxVideos, int repetitions, PrintStream log)
      throws Exception {
    IngestSettings ingest = IngestSettings.from(config);
    if (ingest.clipsPerVideo() == 0) {
      throw new IllegalArgumentException("the temporal benchmark needs clips: " + IngestSettings.CLIPS_PER_VIDEO + " is 0");
    }
    DetectSettings detect = DetectSettings.from(config);
    LandmarkSettings landmarkSettings = LandmarkSettings.from(config);
    ModelStore store = ModelStore.from(config);
    OnnxSettings onnx = OnnxSettings.from(config);
    ModelSpec spec = store.manifest().find(landmarkSettings.model());
    VideoDecoder decoder = new VideoDecoder(ingest);
    VideoDecoder jpegDecoder = new VideoDecoder(IngestSettings.from(config.with(IngestSettings.CLIP_TRANSPORT, "jpeg")));
    List<TemporalBenchmark.Clip> clips = new ArrayList<>();
    List<ClipTransportBenchmark.ClipRecord> records = new ArrayList<>();
    // the limit is ONNX Runtime as it comes: its own session defaults, spinning threads included
    try (FaceDetector detector = FaceDetectors.open(detect, store, onnx);
         LandmarkModel landmarks = new LandmarkModel(OnnxModel.open(spec, store.resolve(spec), onnx));
         OnnxModel bare = OnnxModel.open(spec, store.resolve(spec), onnx.withOrtDefaults());
         LrnetClassifier lrnet = LrnetClassifier.open(TemporalSettings.from(config), store, onnx)) {
      // the stage's sequencer over the same model (closing the model closes it)
      LrnetSequencer sequencer = new LrnetSequencer(landmarks, spec.id(), detector, landmarkSettings.follow());
      try {
        for (Path video : videos(dir)) {
          if (clips.size() >= maxVideos) {
            break;
          }
          String name = video.getFileName().toString();
          ClipCollector asPackets = new ClipCollector();
          ClipCollector asJpeg = new ClipCollector();
          decoder.decode(video, video.toFile().length(), frame -> { }, asPackets);
          jpegDecoder.decode(video, video.toFile().length(), frame -> { }, asJpeg);
          Map<Integer, ClipSegment> segments = asPackets.segments();
          Map<Integer, List<SampledFrame>> jpegs = asJpeg.frames();
          segments.forEach((k, segment) -> records.add(new ClipTransportBenchmark.ClipRecord(name, segment,
              jpegs.get(k).stream().map(SampledFrame::jpeg).toList())));
          TemporalBenchmark.Clip clip = TemporalBenchmark.clip(name, firstClip(segments, jpegs), detector, detect.minFacePx());
          if (clip.faces().isEmpty() || clip.frames().size() < 2) {
            log.printf("  temporal: %s skipped (no face on its first clip's first frame)%n", video.getFileName());
            clip.frames().forEach(org.bytedeco.opencv.opencv_core.Mat::close);
          } else {
            clips.add(clip);
          }
        }
        List<BenchRow> rows = new ArrayList<>(new TemporalBenchmark(landmarks, bare, sequencer, lrnet, clips, repetitions, log).run());
        if (!records.isEmpty()) { // no segments when the clips travel as JPEG by configuration
          rows.addAll(ClipTransportBenchmark.run(records, repetitions, ingest.clipJpegQuality()));
        }
        return rows;
      } finally {
        clips.forEach(c -> c.frames().forEach(org.bytedeco.opencv.opencv_core.Mat::close));
      }
    }
  }

  /** The first clip's frames as detect gets them: decoded from its packets, or from its JPEGs. */
  private static List<Mat> firstClip(Map<Integer, ClipSegment> segments, Map<Integer, List<SampledFrame>> jpegs)
      throws ClipSegmentDecoder.Failure {
    if (segments.containsKey(0)) {
      return ClipSegmentDecoder.decode(segments.get(0), jpegs.get(0).size());
    }
    List<Mat> frames = new ArrayList<>();
    for (SampledFrame frame : jpegs.getOrDefault(0, List.of())) {
      Mat image = Jpeg.decode(frame.jpeg(), org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR);
      if (image != null) {
        frames.add(image);
      }
    }
    return frames;
  }
}
