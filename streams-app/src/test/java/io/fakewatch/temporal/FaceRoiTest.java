package io.fakewatch.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fakewatch.detect.Detection;
import io.fakewatch.detect.FaceDetector;
import io.fakewatch.testing.SharedData;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The two crop ROIs of the reference's {@code landmark_frames} (frames 0..2 of FaceSwap_c23_634_660). */
class FaceRoiTest {
  static Detection detection(JsonNode yunet) {
    JsonNode box = yunet.get("box_x1y1x2y2");
    float x1 = box.get(0).floatValue();
    float y1 = box.get(1).floatValue();
    return new Detection(x1, y1, box.get(2).floatValue() - x1, box.get(3).floatValue() - y1, yunet.get("score").floatValue(),
        TemporalFixtures.floats(yunet.get("kps5")));
  }

  static void assertRoi(FaceRoi roi, JsonNode expected, double centreTol, double sizeTol, double angleTol, double matrixTol) {
    assertThat(roi.centreX()).isCloseTo(expected.get("center").get(0).doubleValue(), within(centreTol));
    assertThat(roi.centreY()).isCloseTo(expected.get("center").get(1).doubleValue(), within(centreTol));
    assertThat(roi.side()).isCloseTo(expected.get("size").doubleValue(), within(sizeTol));
    assertThat(roi.angle()).isCloseTo(expected.get("angle_rad").doubleValue(), within(angleTol));
    double[] m = roi.matrix();
    JsonNode em = expected.get("M_crop_to_frame");
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        // the reference prints 4 decimals
        assertThat(m[3 * r + c]).as("M[%d][%d]", r, c).isCloseTo(em.get(r).get(c).doubleValue(), within(matrixTol));
      }
    }
  }

  @Test
  void passOneRoiFollowsTheYunetBoxAndEyes() {
    for (JsonNode frame : TemporalFixtures.reference().get("landmark_frames")) {
      FaceRoi roi = FaceRoi.fromDetection(detection(frame.get("yunet")));
      assertRoi(roi, frame.get("pass1"), 1e-3, 1e-3, 1e-5, 1e-3);
    }
  }

  @Test
  void theMatrixMapsTheCropCentreToTheRoiCentreAndScalesBySidePer192() {
    FaceRoi roi = new FaceRoi(300, 200, 384, Math.PI / 2);
    float[] mapped = roi.toFrame(new float[] {96, 96, 192, 96});
    assertThat(mapped[0]).isCloseTo(300f, within(1e-4f));
    assertThat(mapped[1]).isCloseTo(200f, within(1e-4f));
    // +96 crop px along x is +192 frame px, turned 90° onto +y
    assertThat(mapped[2]).isCloseTo(300f, within(1e-3f));
    assertThat(mapped[3]).isCloseTo(392f, within(1e-3f));
  }

  @Test
  void passTwoRoiComesFromTheMeshBoundsAndEyeCorners() {
    float[] mesh = new float[468 * 2];
    for (int i = 0; i < 468; i++) {
      mesh[2 * i] = 100 + (i % 10);
      mesh[2 * i + 1] = 50 + (i % 7);
    }
    mesh[2 * 33] = 90;
    mesh[2 * 33 + 1] = 60;
    mesh[2 * 263] = 130;
    mesh[2 * 263 + 1] = 70;
    FaceRoi roi = FaceRoi.fromMesh(mesh);
    assertThat(roi.centreX()).isCloseTo(110, within(1e-9));
    assertThat(roi.centreY()).isCloseTo(60, within(1e-9));
    assertThat(roi.side()).isCloseTo(1.5 * 40, within(1e-9));
    assertThat(roi.angle()).isCloseTo(Math.atan2(10, 40), within(1e-9));
  }

  @Test
  void bothPassesOnDecodedFramesReproduceTheReference() {
    JsonNode reference = TemporalFixtures.reference();
    List<Mat> frames = TemporalFixtures.firstFrames(SharedData.video(TemporalFixtures.VIDEO), 3);
    try (FaceDetector yunet = TemporalFixtures.yunet(); LandmarkModel model = TemporalFixtures.landmarkModel()) {
      for (int f = 0; f < 3; f++) {
        JsonNode expected = reference.get("landmark_frames").get(f);
        Detection face = TemporalFixtures.bestFace(yunet, frames.get(f)).get(0);
        assertThat(face.score()).isCloseTo(expected.get("yunet").get("score").floatValue(), within(0.01f));
        LandmarkModel.Located located = model.locate(frames.get(f), FaceRoi.fromDetection(face));
        assertRoi(located.pass1().roi(), expected.get("pass1"), 1.0, 1.0, 0.01, 0.05);
        assertThat(located.pass1().faceScore()).isCloseTo(expected.get("pass1").get("face_score").floatValue(), within(0.01f));
        assertRoi(located.pass2().roi(), expected.get("pass2"), 1.0, 1.0, 0.01, 1.0);
        assertThat(located.pass2().faceScore()).isCloseTo(expected.get("pass2").get("face_score").floatValue(), within(0.01f));
        float[] points = TemporalFixtures.floats(expected.get("landmarks68_frame_px"));
        double max = 0;
        for (int i = 0; i < 136; i++) {
          max = Math.max(max, Math.abs(located.pass2().frame68()[i] - points[i]));
        }
        System.out.printf("frame %d: pass2 centre (%.3f, %.3f) side %.3f angle %.5f, 68 points max |diff| %.3f px%n", f,
            located.pass2().roi().centreX(), located.pass2().roi().centreY(), located.pass2().roi().side(),
            located.pass2().roi().angle(), max);
        // measured 0.015 px with JavaCV's FFmpeg (bicubic BGR conversion as OpenCV's reader); another decoder build may
        // shift pixels, so allow a quarter pixel
        assertThat(max).as("frame %d: 68 frame points", f).isLessThan(0.25);
      }
    } finally {
      frames.forEach(Mat::close);
    }
  }
}
