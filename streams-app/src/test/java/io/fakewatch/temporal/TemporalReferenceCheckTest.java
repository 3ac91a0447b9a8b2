package io.fakewatch.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fakewatch.detect.Detection;
import io.fakewatch.detect.FaceDetector;
import io.fakewatch.temporal.ClipLandmarker.Follow;
import io.fakewatch.temporal.ClipSampling.Placement;
import io.fakewatch.testing.SharedData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * A check against the prototype, not a unit test: the 13 labelled videos in the 4 × 30-frame mode (4 clips,
 * each its own LRNet sequence), through YuNet → {@link ClipLandmarker} → {@link LrnetPreprocessor} →
 * {@link LrnetBlocks} → LRNet g1 + g2 FF++ on ONNX Runtime, against {@code lrnet_ffpp_mean_win4} of
 * scores_mediapipe_lrnet.csv. Runs both follow modes (and, with {@code -Dtemporal.check.placements=all}, every
 * clip placement) on the same decoded frames and prints the tables.
 *
 * <p>YuNet runs as the stage runs it, which is as the prototype ran it (detect.resize.interpolation=linear: bilinear downscale to 640).
 * Measured: SPREAD + DETECTOR 13 of 13 within 0.05, mean |diff| 0.010; SPREAD + LANDMARKS 11 of 13, 0.061
 * (abqwwspghj +0.31, the real orig_youtube_c23_519 +0.17). With the project's YuNetDetector (INTER_AREA downscale)
 * SPREAD + DETECTOR gives 10 of 13, 0.028: the three 1080p DFDC videos move (lynaeydofd +0.13). CENTRED placement
 * (-Dtemporal.check.placements=all): 6 of 13 / 0.084 (DETECTOR, INTER_AREA YuNet). Hence the defaults SPREAD +
 * DETECTOR, asserted: ≥ 11 of 13 within 0.05 and mean |diff| ≤ 0.02. About 2 minutes with SPREAD only.
 */
@org.junit.jupiter.api.Tag("slow")
class TemporalReferenceCheckTest {
  private static final int CLIPS = 4;
  private static final int LENGTH = 30;
  private static final Placement DEFAULT_PLACEMENT = Placement.SPREAD;
  private static final Follow DEFAULT_FOLLOW = ClipLandmarker.DEFAULT_FOLLOW;

  private record Key(Placement placement, Follow follow) {}

  @Test
  void fourClipsOfThirtyFramesReproduceThePrototypesScores() throws Exception {
    Map<String, String[]> csv = new HashMap<>();
    List<String> lines = Files.readAllLines(SharedData.require("models/temporal/scores_mediapipe_lrnet.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      csv.put(cells[0], cells);
    }
    int framesColumn = header.indexOf("frames");
    int referenceColumn = header.indexOf("lrnet_ffpp_mean_win4");

    Map<Key, Map<String, Double>> scores = new LinkedHashMap<>();
    Map<Follow, long[]> nanos = new EnumMap<>(Follow.class);
    Map<String, Double> references = new LinkedHashMap<>();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (FaceDetector yunet = TemporalFixtures.yunet();
           LandmarkModel model = TemporalFixtures.landmarkModel();
           OrtSession g1 = env.createSession(SharedData.require("models/temporal/lrnet_g1_ffpp.onnx").toString(), options);
           OrtSession g2 = env.createSession(SharedData.require("models/temporal/lrnet_g2_ffpp.onnx").toString(), options)) {
        Map<Follow, ClipLandmarker> landmarkers = new EnumMap<>(Follow.class);
        for (Follow follow : Follow.values()) {
          landmarkers.put(follow, new ClipLandmarker(model, yunet, follow));
          nanos.put(follow, new long[2]);
        }
        for (String file : SharedData.labels().keySet()) {
          String video = file.replace(".mp4", "");
          String[] row = csv.get(video);
          int frames = Integer.parseInt(row[framesColumn]);
          references.put(video, Double.parseDouble(row[referenceColumn]));
          Map<Key, List<float[][]>> blocks = new HashMap<>();
          // each placement's clips, collected as the video decodes in order, processed as each one fills
          Map<Placement, int[]> starts = new EnumMap<>(Placement.class);
          Map<Placement, List<List<Mat>>> clips = new EnumMap<>(Placement.class);
          int last = 0;
          for (Placement placement : placements()) {
            int[] s = ClipSampling.starts(frames, CLIPS, LENGTH, placement);
            starts.put(placement, s);
            List<List<Mat>> lists = new ArrayList<>();
            for (int k = 0; k < s.length; k++) {
              lists.add(new ArrayList<>());
              last = Math.max(last, s[k] + LENGTH - 1);
            }
            clips.put(placement, lists);
          }
          TemporalFixtures.decode(SharedData.video(file), last, i -> true, (index, frame) -> {
            try (frame) {
              for (Placement placement : starts.keySet()) {
                int[] s = starts.get(placement);
                for (int k = 0; k < s.length; k++) {
                  if (index >= s[k] && index < s[k] + LENGTH) {
                    List<Mat> clip = clips.get(placement).get(k);
                    clip.add(frame.clone());
                    if (clip.size() == LENGTH) {
                      process(clip, yunet, landmarkers, placement, blocks, nanos);
                      clip.forEach(Mat::close);
                      clip.clear();
                    }
                  }
                }
              }
            }
          });
          blocks.forEach((key, list) -> scores.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(video, score(env, g1, g2, list)));
        }
      }
    }

    for (Key key : scores.keySet()) {
      System.out.printf("%n%s placement, %s follow: LRNet FF++ mean of 4 × 30-frame clips%n", key.placement(), key.follow());
      System.out.printf("%-28s %7s %7s %7s%n", "video", "ours", "ref", "diff");
      double sumAbs = 0;
      int within = 0;
      for (Map.Entry<String, Double> e : references.entrySet()) {
        Double ours = scores.get(key).get(e.getKey());
        double diff = ours == null ? Double.NaN : ours - e.getValue();
        sumAbs += Double.isNaN(diff) ? 1 : Math.abs(diff);
        within += Math.abs(diff) <= 0.05 ? 1 : 0;
        System.out.printf("%-28s %7.3f %7.3f %+7.3f%n", e.getKey(), ours == null ? Double.NaN : ours, e.getValue(), diff);
      }
      System.out.printf("within 0.05: %d of %d, mean |diff| %.4f%n", within, references.size(), sumAbs / references.size());
    }
    for (Follow follow : Follow.values()) {
      long[] t = nanos.get(follow);
      System.out.printf("%s: %.0f ms per 30-frame clip (landmarks + pre-processing, %d clips)%n", follow, t[0] / 1e6 / t[1], t[1]);
    }

    Map<String, Double> defaults = scores.get(new Key(DEFAULT_PLACEMENT, DEFAULT_FOLLOW));
    assertThat(defaults.keySet()).containsAll(references.keySet());
    long close = references.entrySet().stream()
        .filter(e -> Math.abs(defaults.get(e.getKey()) - e.getValue()) <= 0.05).count();
    double meanAbs = references.entrySet().stream().mapToDouble(e -> Math.abs(defaults.get(e.getKey()) - e.getValue()))
        .average().orElseThrow();
    assertThat(meanAbs).as("mean |diff| from the prototype (default placement and follow mode)").isLessThanOrEqualTo(0.02);
    assertThat(close).as("videos within 0.05 of the prototype (default placement and follow mode)").isGreaterThanOrEqualTo(11);
  }

  private static List<Placement> placements() {
    return "all".equals(System.getProperty("temporal.check.placements")) ? List.of(Placement.values()) : List.of(DEFAULT_PLACEMENT);
  }

  /** One clip: YuNet's best face on frame 0, then each follow mode's landmarks, calibration and blocks. */
  private static void process(List<Mat> clip, FaceDetector yunet, Map<Follow, ClipLandmarker> landmarkers, Placement placement,
                              Map<Key, List<float[][]>> blocks, Map<Follow, long[]> nanos) {
    List<Detection> face = TemporalFixtures.bestFace(yunet, clip.get(0));
    for (Map.Entry<Follow, ClipLandmarker> e : landmarkers.entrySet()) {
      List<float[][]> out = blocks.computeIfAbsent(new Key(placement, e.getKey()), k -> new ArrayList<>());
      if (face.isEmpty()) {
        continue;
      }
      long start = System.nanoTime();
      ClipLandmarker.Track track = e.getValue().landmark(clip, face).get(0);
      LrnetPreprocessor.Sequence sequence = LrnetPreprocessor.calibrated(track.landmarks(), clip);
      nanos.get(e.getKey())[0] += System.nanoTime() - start;
      nanos.get(e.getKey())[1]++;
      out.addAll(LrnetBlocks.blocks(sequence.normalised()));
    }
  }

  /** Mean over the blocks of (g1 fake + g2 fake) / 2. */
  private static double score(OrtEnvironment env, OrtSession g1, OrtSession g2, List<float[][]> blocks) {
    if (blocks.isEmpty()) {
      return Double.NaN;
    }
    float[][][] positions = blocks.stream().map(LrnetBlocks::g1Input).toArray(float[][][]::new);
    float[][][] differences = blocks.stream().map(LrnetBlocks::g2Input).toArray(float[][][]::new);
    float[][] p1 = run(env, g1, positions);
    float[][] p2 = run(env, g2, differences);
    double sum = 0;
    for (int b = 0; b < blocks.size(); b++) {
      sum += (p1[b][1] + p2[b][1]) / 2.0;
    }
    return sum / blocks.size();
  }

  private static float[][] run(OrtEnvironment env, OrtSession session, float[][][] input) {
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, input);
         OrtSession.Result result = session.run(Map.of("landmarks", tensor))) {
      return (float[][]) result.get("prob").orElseThrow().getValue();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
