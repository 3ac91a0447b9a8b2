package io.fakewatch.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fakewatch.testing.SharedData;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MediaPipe 68-point model on the prototype's own 192-px crop of frame 0 of FaceSwap_c23_634_660. */
class LandmarkModelTest {
  private static LandmarkModel model;

  @BeforeAll
  static void open() {
    model = TemporalFixtures.landmarkModel();
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  @Test
  void theReferenceCropGivesTheReferenceScoreLandmarksAndMesh() {
    JsonNode expected = TemporalFixtures.reference().get("mediapipe_crop_test");
    String png = SharedData.require("models/temporal/" + expected.get("png").asText()).toString();
    // the PNG holds BGR as OpenCV wrote it; imread gives the same BGR back, the model gets RGB
    try (Mat crop = opencv_imgcodecs.imread(png)) {
      FaceLandmarks found = model.runOnCrop(crop, false, new FaceRoi(96, 96, 192, 0));
      assertThat(found.faceScore()).isCloseTo(expected.get("expected_face_score").floatValue(), within(1e-3f));
      float[] points = TemporalFixtures.floats(expected.get("expected_landmarks68_crop_px"));
      assertThat(points).hasSize(136);
      for (int i = 0; i < 136; i++) {
        assertThat(found.crop68()[i]).as("landmarks68 value %d", i).isCloseTo(points[i], within(1e-3f));
      }
      float[] mesh = TemporalFixtures.floats(expected.get("expected_mesh_xy_first10"));
      for (int i = 0; i < 20; i++) {
        assertThat(found.cropMesh()[i]).as("mesh value %d", i).isCloseTo(mesh[i], within(1e-3f));
      }
      // the identity ROI (centre 96, side 192, no roll) maps crop pixels onto themselves
      assertThat(found.frame68()[0]).isCloseTo(found.crop68()[0], within(1e-4f));
    }
  }

  @Test
  void theSameCropInTheWrongChannelOrderGivesOtherLandmarks() {
    JsonNode expected = TemporalFixtures.reference().get("mediapipe_crop_test");
    String png = SharedData.require("models/temporal/" + expected.get("png").asText()).toString();
    try (Mat crop = opencv_imgcodecs.imread(png)) {
      FaceLandmarks right = model.runOnCrop(crop, false, new FaceRoi(96, 96, 192, 0));
      FaceLandmarks swapped = model.runOnCrop(crop, true, new FaceRoi(96, 96, 192, 0));
      double maxDiff = 0;
      for (int i = 0; i < 136; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(right.crop68()[i] - swapped.crop68()[i]));
      }
      // the reference test above would not catch a swap if the model ignored colour: show it does not
      assertThat(maxDiff).isGreaterThan(1e-2);
    }
  }

  @Test
  void aBlankCropHasNoFace() {
    try (Mat blank = new Mat(192, 192, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
        new org.bytedeco.opencv.opencv_core.Scalar(90, 120, 150, 0))) {
      assertThat(model.runOnCrop(blank, false, new FaceRoi(96, 96, 192, 0)).found()).isFalse();
    }
  }
}
