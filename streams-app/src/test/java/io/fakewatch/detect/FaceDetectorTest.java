package io.fakewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both detectors on the shared still images. Reference boxes (x, y, w, h) were recorded once by drawing
 * YuNet's boxes on the images and looking at them: each sits on one face, none missed.
 */
class FaceDetectorTest {
  private static final Map<String, float[][]> REFERENCE = Map.of(
      "hollance_1face.png", new float[][] {{41.6f, 30.2f, 21.3f, 28.6f}},
      "hollance_3faces.png", new float[][] {{11.2f, 39.0f, 18.2f, 23.1f}, {55.6f, 40.7f, 14.2f, 18.8f}, {98.7f, 38.3f, 17.6f, 21.5f}},
      "hollance_4faces.png", new float[][] {{14.1f, 41.8f, 12.9f, 16.1f}, {44.3f, 42.7f, 11.3f, 14.0f},
          {72.7f, 43.6f, 8.9f, 11.3f}, {100.1f, 40.4f, 10.1f, 12.9f}},
      "lynaeydofd_fr0.jpg", new float[][] {{860.3f, 255.2f, 186.8f, 245.7f}},
      "mqzvfufzoq_fr0.jpg", new float[][] {{865.6f, 83.5f, 208.0f, 263.3f}});

  private static FaceDetector yunet;
  private static FaceDetector ultraface;

  @BeforeAll
  static void open() {
    yunet = DetectorProbe.open("yunet_s_640_640", 0.6);
    ultraface = DetectorProbe.open("ultraface_rfb_320", 0.7);
  }

  @AfterAll
  static void close() {
    yunet.close();
    ultraface.close();
  }

  @Test
  void yunetFindsExactlyTheReferenceFaces() {
    REFERENCE.forEach((image, boxes) -> assertMatches(yunet, image, boxes, 0.8));
  }

  @Test
  void ultraFaceFindsTheSameFacesThroughTheSameInterface() {
    REFERENCE.forEach((image, boxes) -> assertMatches(ultraface, image, boxes, 0.5));
    assertThat(ultraface.id()).isEqualTo("ultraface_rfb_320@dffdddd");
  }

  @Test
  void yunetGivesFiveLandmarksInsideTheBox() {
    Detection face = yunet.detect(DetectorProbe.image("lynaeydofd_fr0.jpg")).get(0);
    assertThat(face.landmarks()).hasSize(10);
    for (int k = 0; k < 5; k++) {
      assertThat(face.landmarks()[2 * k]).isBetween(face.x(), face.x() + face.width());
      assertThat(face.landmarks()[2 * k + 1]).isBetween(face.y(), face.y() + face.height());
    }
    // eyes (landmarks 0 and 1) above the mouth corners (3 and 4)
    assertThat(face.landmarks()[1]).isLessThan(face.landmarks()[7]);
  }

  @Test
  void aFrameWithoutAFaceGivesNone() {
    var blank = new org.bytedeco.opencv.opencv_core.Mat(480, 640, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
        new org.bytedeco.opencv.opencv_core.Scalar(90, 120, 150, 0));
    assertThat(yunet.detect(blank)).isEmpty();
    assertThat(ultraface.detect(blank)).isEmpty();
  }

  private static void assertMatches(FaceDetector detector, String image, float[][] reference, double minIou) {
    List<Detection> found = detector.detect(DetectorProbe.image(image)).stream()
        .sorted(Comparator.comparingDouble(Detection::x)).toList();
    assertThat(found).as(detector.id() + " on " + image).hasSize(reference.length);
    for (int i = 0; i < reference.length; i++) {
      float[] r = reference[i];
      Detection d = found.get(i);
      assertThat(Detection.iou(d.x(), d.y(), d.width(), d.height(), r[0], r[1], r[2], r[3]))
          .as(detector.id() + " on " + image + " face " + i).isGreaterThanOrEqualTo((float) minIou);
    }
  }
}
