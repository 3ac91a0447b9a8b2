package io.fakewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.testing.SharedData;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/**
 * The parallel batch path gives what one frame at a time gives, and the tensor fill matches a per-pixel
 * reference.
 */
class BatchDetectorTest {
  @Test
  void aBatchFindsTheSameFacesAndCropsAsOneFrameAtATime() throws Exception {
    List<byte[]> frames = new ArrayList<>();
    for (String name : List.of("lynaeydofd_fr0.jpg", "ultraface_imgs_1.jpg", "mqzvfufzoq_fr0.jpg", "hollance_4faces.png")) {
      frames.add(Files.readAllBytes(SharedData.image(name)));
    }
    frames.add(2, new byte[] {1, 2, 3}); // not an image
    DetectSettings settings = DetectSettings.from(FakeWatchConfig.defaults());
    FaceCropper cropper = new FaceCropper(settings);
    try (FaceDetector detector = DetectorProbe.open("yunet_s_640_640", 0.6)) {
      List<BatchDetector.FrameFaces> batch = new BatchDetector(detector, settings).detect(frames);
      assertThat(batch).extracting(BatchDetector.FrameFaces::decoded).containsExactly(true, true, false, true, true);
      int faces = 0;
      for (int i = 0; i < frames.size(); i++) {
        if (i == 2) {
          continue;
        }
        try (Mat image = org.bytedeco.opencv.global.opencv_imgcodecs.imdecode(new Mat(new org.bytedeco.javacpp.BytePointer(frames.get(i))),
            org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR)) {
          List<Detection> alone = detector.detect(image).stream().filter(f -> f.width() >= settings.minFacePx() / 2.0).toList();
          BatchDetector.FrameFaces found = batch.get(i);
          assertThat(found.faces()).hasSameSizeAs(alone);
          for (int k = 0; k < alone.size(); k++) {
            assertThat(found.faces().get(k).x()).isCloseTo(alone.get(k).x(), within(1e-3f));
            assertThat(found.faces().get(k).score()).isCloseTo(alone.get(k).score(), within(1e-5f));
            byte[] expected = cropper.crop(image, alone.get(k)).map(FaceCropper.Crop::jpeg).orElse(null);
            assertThat(found.crops().get(k).map(FaceCropper.Crop::jpeg).orElse(null)).as("frame %d face %d", i, k).isEqualTo(expected);
          }
          faces += alone.size();
        }
      }
      assertThat(faces).as("faces in the four images").isGreaterThanOrEqualTo(3);
      assertThat(batch.get(0).faces()).as("the DFDC frame").isNotEmpty();
      assertThat(batch.get(3).faces()).as("the other DFDC frame").isNotEmpty();
    }
  }

  @Test
  void thePlanarFillMatchesThePerPixelFormulaAndPads() {
    try (Mat frame = DetectorProbe.image("lynaeydofd_fr0.jpg"); Mat small = new Mat()) {
      opencv_imgproc.resize(frame, small, new Size(300, 200));
      PlanarImage planar = new PlanarImage(320, 240);
      for (boolean rgb : new boolean[] {false, true}) {
        planar.fill(small, rgb, 127f, 128f);
        FloatBuffer tensor = planar.tensor();
        byte[] pixels = new byte[300 * 200 * 3];
        small.data().get(pixels);
        int plane = 320 * 240;
        for (int y = 0; y < 240; y += 7) {
          for (int x = 0; x < 320; x += 5) {
            for (int c = 0; c < 3; c++) {
              int source = rgb ? 2 - c : c;
              float expected = x < 300 && y < 200 ? ((pixels[3 * (y * 300 + x) + source] & 0xff) - 127f) / 128f : -127f / 128f;
              assertThat(tensor.get(c * plane + y * 320 + x)).as("rgb %s c %d at %d,%d", rgb, c, x, y).isCloseTo(expected, within(1e-6f));
            }
          }
        }
      }
    }
  }
}
