package io.fakewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.ingest.SampledFrame;
import io.fakewatch.ingest.VideoDecoder;
import io.fakewatch.media.Jpeg;
import io.fakewatch.media.JpegRegion;
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
      List<BatchDetector.FrameFaces> batch = new BatchDetector(detector, settings).detectJpegs(frames);
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
  void framesAsIngestSendsThemGiveTheFullFramesFacesAndCropsCutFromTheirRestartIntervals() throws Exception {
    IngestSettings ingest = IngestSettings.from(FakeWatchConfig.defaults().with(IngestSettings.FRAMES_PER_VIDEO, "6"));
    List<SampledFrame> sampled = new VideoDecoder(ingest).sample(SharedData.video("abqwwspghj.mp4"));
    DetectSettings settings = DetectSettings.from(FakeWatchConfig.defaults());
    FaceCropper cropper = new FaceCropper(settings);
    List<FrameJpegs> asSent = new ArrayList<>();
    for (SampledFrame frame : sampled) {
      assertThat(Jpeg.dimensions(frame.detectionJpeg())).as("the 1080p frame's copy").containsExactly(640, 360);
      assertThat(JpegRegion.index(frame.jpeg())).as("restart markers in the full frame").isNotNull();
      asSent.add(new FrameJpegs(frame.jpeg(), frame.detectionJpeg()));
    }
    asSent.add(new FrameJpegs(new byte[] {1, 2, 3}, sampled.get(0).detectionJpeg())); // a copy with a broken full frame
    try (FaceDetector detector = DetectorProbe.open("yunet_s_640_640", 0.6)) {
      BatchDetector batches = new BatchDetector(detector, settings);
      List<BatchDetector.FrameFaces> viaCopy = batches.detect(asSent);
      assertThat(viaCopy.get(sampled.size()).decoded()).as("no full frame to crop from").isFalse();
      int crops = 0;
      for (int i = 0; i < sampled.size(); i++) {
        try (Mat whole = Jpeg.decode(sampled.get(i).jpeg(), org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR)) {
          List<Detection> onWhole = detector.detect(whole).stream().filter(f -> f.width() >= settings.minFacePx() / 2.0).toList();
          BatchDetector.FrameFaces found = viaCopy.get(i);
          assertThat(found.decoded()).isTrue();
          assertThat(found.faces()).as("frame %d", i).hasSameSizeAs(onWhole);
          for (int k = 0; k < onWhole.size(); k++) {
            // the copy is the frame downscaled once in ingest instead of after a JPEG round trip: the same face, nearly the same box
            assertThat(found.faces().get(k).iou(onWhole.get(k))).as("frame %d face %d", i, k).isGreaterThan(0.9f);
            // and the crop's pixels are the full frame's own, cut from its restart intervals
            byte[] expected = cropper.crop(whole, found.faces().get(k)).map(FaceCropper.Crop::jpeg).orElse(null);
            assertThat(found.crops().get(k).map(FaceCropper.Crop::jpeg).orElse(null)).as("frame %d face %d", i, k).isEqualTo(expected);
            crops += expected == null ? 0 : 1;
          }
        }
      }
      assertThat(crops).as("crops compared").isGreaterThanOrEqualTo(sampled.size());
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
      // a smaller image after a larger one: the padding it no longer covers is written again
      try (Mat smaller = new Mat()) {
        opencv_imgproc.resize(frame, smaller, new Size(100, 50));
        planar.fill(small, false, 0f, 1f);
        planar.fill(smaller, false, 0f, 1f);
        FloatBuffer tensor = planar.tensor();
        assertThat(tensor.get(150 * 320 + 250)).as("outside both").isZero();
        assertThat(tensor.get(120 * 320 + 200)).as("inside the first, outside the second").isZero();
        assertThat(tensor.get(60 * 320 + 10)).as("below the second image").isZero();
      }
    }
  }
}
