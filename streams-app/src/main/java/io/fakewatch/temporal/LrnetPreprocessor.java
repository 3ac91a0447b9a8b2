package io.fakewatch.temporal;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_video.OPTFLOW_USE_INITIAL_FLOW;
import static org.bytedeco.opencv.global.opencv_video.calcOpticalFlowPyrLK;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.TermCriteria;

/**
 * LRNet's pre-processing of one sequence of integer frame landmarks (the authors' demo
 * {@code extract_landmarks.py}, steps 1–6 of models/temporal/README.md): outlier rejection, stable face size,
 * per-frame 400 px crop box, landmarks in crop pixels, Lucas–Kanade + Kalman calibration, normalisation.
 * The integer arithmetic follows numpy's: {@code astype(int)} truncates, {@code rint} rounds half to even,
 * {@code //} floors.
 */
public final class LrnetPreprocessor {
  public static final int CROP = 400;
  static final int POINTS = 68;
  private static final double CENTRE_HYSTERESIS_PX = 1.42;
  private static final double CROP_SCALE = 1.2;
  private static final double KALMAN_Q = 0.3;
  private static final double MAX_FEEDBACK_PX = 2;

  private LrnetPreprocessor() {}

  /** A crop box in frame pixels. */
  public record CropBox(int x1, int y1, int size) {}

  /**
   * A pre-processed sequence: the frames dropped at the start (no landmarks yet), the stable face size, one
   * crop box and one row per kept frame, the detected landmarks in crop pixels, the (calibrated or not) track
   * and its normalised form (N × 136, x0, y0, x1, y1, …).
   */
  public record Sequence(int skipped, int stableFaceSize, List<CropBox> boxes, int[][][] detected, int[][][] track,
                         float[][] normalised) {
    public int frames() {
      return normalised.length;
    }
  }

  /** Steps 1–4 and 6, without calibration: depends on the landmarks and the frame size only. */
  public static Sequence uncalibrated(List<int[][]> raw, int frameWidth, int frameHeight) {
    Layout layout = layout(raw, frameWidth, frameHeight);
    return new Sequence(layout.skipped, layout.stableSize, layout.boxes, layout.crop, layout.crop, normalise(layout.crop));
  }

  /** Steps 1–6: {@code frames} are the sequence's decoded BGR frames, one per entry of {@code raw}. */
  public static Sequence calibrated(List<int[][]> raw, List<Mat> frames) {
    if (frames.size() != raw.size()) {
      throw new IllegalArgumentException(raw.size() + " landmark rows for " + frames.size() + " frames");
    }
    if (frames.isEmpty()) {
      return uncalibrated(raw, 0, 0);
    }
    Layout layout = layout(raw, frames.get(0).cols(), frames.get(0).rows());
    List<Mat> faces = new ArrayList<>();
    try {
      for (int i = 0; i < layout.boxes.size(); i++) {
        faces.add(cropFace(frames.get(i + layout.skipped), layout.boxes.get(i)));
      }
      int[][][] track = calibrate(faces, layout.crop);
      return new Sequence(layout.skipped, layout.stableSize, layout.boxes, layout.crop, track, normalise(track));
    } finally {
      faces.forEach(Mat::close);
    }
  }

  private record Layout(int skipped, int stableSize, List<CropBox> boxes, int[][][] crop) {}

  private static Layout layout(List<int[][]> raw, int width, int height) {
    // step 1: drop leading failures, repeat the last shape on later ones, freeze on jumps and size changes
    List<int[][]> shapes = new ArrayList<>();
    double sizeSum = 0;
    int sizeCount = 0;
    int skipped = 0;
    for (int[][] candidate : raw) {
      int[][] shape = candidate;
      if (shape == null) {
        if (shapes.isEmpty()) {
          skipped++;
          continue;
        }
        shape = shapes.get(shapes.size() - 1);
      }
      if (!shapes.isEmpty()) {
        int[][] previous = shapes.get(shapes.size() - 1);
        int previousSize = faceSize(previous);
        int size = faceSize(shape);
        if (meanDistance(previous, shape) > 0.5 * previousSize || size < 0.7 * previousSize || size > 1.3 * previousSize) {
          shape = previous;
        }
        // the authors average the previous frame's size: frames 0..N−2
        sizeSum += previousSize;
        sizeCount++;
      }
      shapes.add(shape);
    }
    if (shapes.isEmpty()) {
      return new Layout(skipped, 0, List.of(), new int[0][][]);
    }
    // step 2 (a one-frame sequence has no previous frame: numpy would fail, we take its own size)
    int stable = (int) Math.rint(sizeCount == 0 ? faceSize(shapes.get(0)) : sizeSum / sizeCount);
    // steps 3 and 4
    List<CropBox> boxes = new ArrayList<>();
    int[][][] crop = new int[shapes.size()][][];
    int[] centrePrevious = null;
    int side = (int) (stable * CROP_SCALE) / 2 * 2;
    for (int i = 0; i < shapes.size(); i++) {
      int[][] shape = shapes.get(i);
      int[] bounds = bounds(shape);
      int[] centre = {Math.floorDiv(bounds[0] + bounds[2], 2), Math.floorDiv(bounds[1] + bounds[3], 2)};
      if (centrePrevious != null && Math.hypot(centrePrevious[0] - centre[0], centrePrevious[1] - centre[1]) < CENTRE_HYSTERESIS_PX) {
        centre = centrePrevious;
      }
      centrePrevious = centre;
      int x1 = Math.max(centre[0] - side / 2, 0);
      int y1 = Math.max(centre[1] - side / 2, 0);
      int fs = Math.min(Math.min(side, width - x1), height - y1);
      boxes.add(new CropBox(x1, y1, fs));
      double scale = (double) CROP / fs;
      crop[i] = new int[POINTS][2];
      for (int p = 0; p < POINTS; p++) {
        crop[i][p][0] = (int) Math.rint((shape[p][0] - x1) * scale);
        crop[i][p][1] = (int) Math.rint((shape[p][1] - y1) * scale);
      }
    }
    return new Layout(skipped, stable, boxes, crop);
  }

  /** frame[y1:y1+fs, x1:x1+fs] resized to 400×400, cubic when enlarging, area when shrinking. */
  static Mat cropFace(Mat frame, CropBox box) {
    Mat face = new Mat();
    try (Rect rect = new Rect(box.x1(), box.y1(), box.size(), box.size());
         Mat region = new Mat(frame, rect);
         Size size = new Size(CROP, CROP)) {
      resize(region, face, size, 0, 0, box.size() < CROP ? INTER_CUBIC : INTER_AREA);
    }
    return face;
  }

  /** Step 5: forward/backward Lucas–Kanade between consecutive crops, merged with the detections by a per-point Kalman gain. */
  static int[][][] calibrate(List<Mat> faces, int[][][] detected) {
    int n = detected.length;
    int[][][] track = new int[n][][];
    if (n == 0) {
      return track;
    }
    track[0] = detected[0];
    double[] p = new double[POINTS];
    // OpenCV's maxLevel = 3 (pyramid levels 0..3), as the authors' lk_params
    try (Size window = new Size(15, 15);
         TermCriteria criteria = new TermCriteria(TermCriteria.EPS | TermCriteria.COUNT, 10, 0.03);
         Mat start = new Mat(POINTS, 1, CV_32FC2);
         Mat forward = new Mat(POINTS, 1, CV_32FC2);
         Mat backward = new Mat(POINTS, 1, CV_32FC2);
         Mat statusForward = new Mat();
         Mat statusBackward = new Mat();
         Mat error = new Mat()) {
      for (int i = 0; i + 1 < n; i++) {
        put(start, track[i]);
        put(forward, detected[i + 1]);
        calcOpticalFlowPyrLK(faces.get(i), faces.get(i + 1), start, forward, statusForward, error, window, 3, criteria,
            OPTFLOW_USE_INITIAL_FLOW, 1e-4);
        put(backward, track[i]);
        calcOpticalFlowPyrLK(faces.get(i + 1), faces.get(i), forward, backward, statusBackward, error, window, 3, criteria,
            OPTFLOW_USE_INITIAL_FLOW, 1e-4);
        track[i + 1] = merge(track[i], detected[i], detected[i + 1], rint(forward), rint(backward),
            statuses(statusForward), statuses(statusBackward), p);
      }
    }
    return track;
  }

  /** The authors' {@code check_and_merge}: {@code p} is each point's Kalman variance, updated in place. */
  static int[][] merge(int[][] base, int[][] detectedNow, int[][] detectedNext, int[][] forward, int[][] backward,
                       boolean[] okForward, boolean[] okBackward, double[] p) {
    boolean allForward = all(okForward);
    boolean allBackward = all(okBackward);
    int[][] merged = new int[POINTS][];
    for (int k = 0; k < POINTS; k++) {
      merged[k] = detectedNext[k].clone();
      boolean use = distance(backward[k], base[k]) <= MAX_FEEDBACK_PX
          && (allForward || okForward[k]) && (allBackward || okBackward[k]);
      if (!use) {
        continue;
      }
      double predicted = distance(forward[k], base[k]);
      double pDetect = distance(detectedNext[k], detectedNow[k]) / (predicted == 0 ? 1 : predicted);
      p[k] += KALMAN_Q;
      double gain = p[k] / (p[k] + pDetect);
      for (int c = 0; c < 2; c++) {
        merged[k][c] = (int) (forward[k][c] + gain * (detectedNext[k][c] - forward[k][c]));
      }
      p[k] = (1 - gain) * p[k];
    }
    return merged;
  }

  /** Step 6: v = (track − 200) / 200, flattened. */
  static float[][] normalise(int[][][] track) {
    float[][] out = new float[track.length][2 * POINTS];
    for (int i = 0; i < track.length; i++) {
      for (int k = 0; k < POINTS; k++) {
        out[i][2 * k] = (float) ((track[i][k][0] - CROP / 2.0) / (CROP / 2.0));
        out[i][2 * k + 1] = (float) ((track[i][k][1] - CROP / 2.0) / (CROP / 2.0));
      }
    }
    return out;
  }

  static int faceSize(int[][] shape) {
    int[] b = bounds(shape);
    return Math.max(b[2] - b[0], b[3] - b[1]);
  }

  private static int[] bounds(int[][] shape) {
    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxX = Integer.MIN_VALUE;
    int maxY = Integer.MIN_VALUE;
    for (int[] point : shape) {
      minX = Math.min(minX, point[0]);
      maxX = Math.max(maxX, point[0]);
      minY = Math.min(minY, point[1]);
      maxY = Math.max(maxY, point[1]);
    }
    return new int[] {minX, minY, maxX, maxY};
  }

  private static double meanDistance(int[][] a, int[][] b) {
    double ax = 0;
    double ay = 0;
    double bx = 0;
    double by = 0;
    for (int k = 0; k < a.length; k++) {
      ax += a[k][0];
      ay += a[k][1];
      bx += b[k][0];
      by += b[k][1];
    }
    double dx = ax / a.length - bx / b.length;
    double dy = ay / a.length - by / b.length;
    return Math.sqrt(dx * dx + dy * dy);
  }

  private static double distance(int[] a, int[] b) {
    double dx = a[0] - b[0];
    double dy = a[1] - b[1];
    return Math.sqrt(dx * dx + dy * dy);
  }

  private static boolean all(boolean[] values) {
    for (boolean v : values) {
      if (!v) {
        return false;
      }
    }
    return true;
  }

  private static void put(Mat points, int[][] values) {
    try (FloatIndexer index = points.createIndexer()) {
      for (int k = 0; k < POINTS; k++) {
        index.put(k, 0, 0, values[k][0]);
        index.put(k, 0, 1, values[k][1]);
      }
    }
  }

  private static int[][] rint(Mat points) {
    int[][] out = new int[POINTS][2];
    try (FloatIndexer index = points.createIndexer()) {
      for (int k = 0; k < POINTS; k++) {
        out[k][0] = (int) Math.rint(index.get(k, 0, 0));
        out[k][1] = (int) Math.rint(index.get(k, 0, 1));
      }
    }
    return out;
  }

  private static boolean[] statuses(Mat status) {
    boolean[] out = new boolean[POINTS];
    try (UByteIndexer index = status.createIndexer()) {
      for (int k = 0; k < POINTS; k++) {
        out[k] = index.get(k) != 0;
      }
    }
    return out;
  }
}
