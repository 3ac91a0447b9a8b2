package io.fakewatch.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fakewatch.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** LRNet pre-processing of the reference's 31 integer landmark frames (one sequence). */
class LrnetPreprocessorTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 720;

  /** Normalised values are multiples of 0.005: compare them as the integer crop pixels they stand for. */
  static int pixel(float v) {
    return (int) Math.round(v * 200.0 + 200.0);
  }

  @Test
  void uncalibratedOutputIsExactlyTheReference() {
    JsonNode reference = TemporalFixtures.reference();
    JsonNode prep = reference.get("lrnet_prep_test");
    LrnetPreprocessor.Sequence sequence = LrnetPreprocessor.uncalibrated(TemporalFixtures.rawLandmarks(reference), WIDTH, HEIGHT);
    assertThat(sequence.skipped()).isZero();
    assertThat(sequence.stableFaceSize()).isEqualTo(prep.get("stable_face_size").intValue());
    JsonNode boxes = prep.get("crop_boxes_x1_y1_size");
    assertThat(sequence.boxes()).hasSize(31);
    for (int i = 0; i < 31; i++) {
      assertThat(sequence.boxes().get(i)).as("box %d", i).isEqualTo(new LrnetPreprocessor.CropBox(
          boxes.get(i).get(0).intValue(), boxes.get(i).get(1).intValue(), boxes.get(i).get(2).intValue()));
    }
    float[][] expected = TemporalFixtures.rows(prep.get("expected_normalised_uncalibrated"));
    assertThat(sequence.normalised().length).isEqualTo(31);
    for (int i = 0; i < 31; i++) {
      for (int j = 0; j < 136; j++) {
        assertThat(pixel(sequence.normalised()[i][j])).as("frame %d value %d", i, j).isEqualTo(pixel(expected[i][j]));
        assertThat(sequence.normalised()[i][j]).isEqualTo((float) ((pixel(expected[i][j]) - 200) / 200.0));
      }
    }
  }

  @Test
  void leadingFailuresAreDroppedLaterOnesRepeatAndJumpsFreeze() {
    List<int[][]> raw = new ArrayList<>(TemporalFixtures.rawLandmarks(TemporalFixtures.reference()).subList(0, 5));
    raw.add(0, null);
    raw.set(3, null);
    int[][] jumped = new int[68][2];
    for (int k = 0; k < 68; k++) {
      jumped[k][0] = raw.get(4)[k][0] + 300;
      jumped[k][1] = raw.get(4)[k][1];
    }
    raw.add(jumped);
    LrnetPreprocessor.Sequence s = LrnetPreprocessor.uncalibrated(raw, WIDTH, HEIGHT);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.frames()).isEqualTo(6);
    // frame 3 (failed) repeats frame 2, the jumped frame repeats the one before it: same crop points when the box is the same
    assertThat(s.boxes().get(2)).isEqualTo(s.boxes().get(1 + 1));
    assertThat(s.detected()[2]).isDeepEqualTo(s.detected()[1 + 1]);
    assertThat(s.boxes().get(5)).isEqualTo(s.boxes().get(4));
    assertThat(s.detected()[5]).isDeepEqualTo(s.detected()[4]);
  }

  @Test
  void calibratedOutputOnDecodedFramesIsCloseToTheReference() {
    JsonNode reference = TemporalFixtures.reference();
    float[][] expected = TemporalFixtures.rows(reference.get("lrnet_prep_test").get("expected_normalised_calibrated"));
    List<Mat> frames = TemporalFixtures.firstFrames(SharedData.video(TemporalFixtures.VIDEO), 31);
    try {
      assertThat(frames).hasSize(31);
      LrnetPreprocessor.Sequence s = LrnetPreprocessor.calibrated(TemporalFixtures.rawLandmarks(reference), frames);
      int same = 0;
      int total = 0;
      int max = 0;
      long sum = 0;
      for (int i = 0; i < 31; i++) {
        for (int j = 0; j < 136; j++) {
          int d = Math.abs(pixel(s.normalised()[i][j]) - pixel(expected[i][j]));
          same += d == 0 ? 1 : 0;
          max = Math.max(max, d);
          sum += d;
          total++;
        }
      }
      System.out.printf("calibrated vs reference: max |diff| %d px = %.3f, mean %.4f px = %.5f, identical %.1f %%%n",
          max, max / 200.0, (double) sum / total, sum / 200.0 / total, 100.0 * same / total);
      // frame 0 is not calibrated: exact
      for (int j = 0; j < 136; j++) {
        assertThat(pixel(s.normalised()[0][j])).isEqualTo(pixel(expected[0][j]));
      }
      // measured here: 100 % identical (JavaCV decodes this yuv444p video to the same BGR pixels as OpenCV 4.6, and
      // LK in OpenCV 4.13 agrees with 4.6). Another decoder build can shift pixels, LK then moves a point by a px or
      // two and the track carries it on: allow 5 % of values off, by at most 2 px (0.01), mean under 0.05 px
      assertThat((double) same / total).isGreaterThanOrEqualTo(0.95);
      assertThat(max).isLessThanOrEqualTo(2);
      assertThat((double) sum / total).isLessThan(0.05);
    } finally {
      frames.forEach(Mat::close);
    }
  }
}
