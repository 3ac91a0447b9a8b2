package io.fakewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.evidence.EvidenceSettings;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.ingest.SampledFrame;
import io.fakewatch.ingest.VideoDecoder;
import io.fakewatch.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * Every crop of the shared videos gets a JPEG thumbnail whose longest side is evidence.thumbnail.px; the
 * bytes per thumbnail and per video are printed (docs/console.md quotes them); 0 turns them off.
 */
class ThumbnailTest {
  @Test
  void everyCropGetsASmallJpegThumbnailOfTheConfiguredSize() throws Exception {
    VideoDecoder decoder = new VideoDecoder(IngestSettings.from(FakeWatchConfig.of(Map.of(
        IngestSettings.FILE_ROOTS, SharedData.videos().toString()))));
    FaceCropper cropper = new FaceCropper(DetectSettings.from(FakeWatchConfig.defaults()));
    long totalBytes = 0;
    int thumbnails = 0;
    List<Path> videos = SharedData.allVideos();
    try (FaceDetector detector = DetectorProbe.open("yunet_s_640_640", 0.6)) {
      for (Path video : videos) {
        long videoBytes = 0;
        int videoThumbs = 0;
        for (SampledFrame frame : decoder.sample(video)) {
          try (Mat image = opencv_imgcodecs.imdecode(new Mat(new BytePointer(frame.jpeg())), opencv_imgcodecs.IMREAD_COLOR)) {
            for (Detection face : detector.detect(image)) {
              Optional<FaceCropper.Crop> crop = cropper.crop(image, face);
              if (crop.isEmpty()) {
                continue;
              }
              BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(crop.get().thumbnail()));
              assertThat(thumb).as(video + " thumbnail decodes as JPEG").isNotNull();
              assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).as("longest side")
                  .isEqualTo(Math.min(112, Math.max(crop.get().width(), crop.get().height())));
              assertThat(crop.get().thumbnail().length).isLessThan(crop.get().jpeg().length);
              videoBytes += crop.get().thumbnail().length;
              videoThumbs++;
            }
          }
        }
        System.out.printf("thumbnails %s: %d thumbnails, %d bytes, %.0f bytes each%n", video.getFileName(),
            videoThumbs, videoBytes, videoThumbs == 0 ? 0.0 : (double) videoBytes / videoThumbs);
        totalBytes += videoBytes;
        thumbnails += videoThumbs;
      }
    }
    System.out.printf("thumbnails total: %d videos, %d thumbnails, %d bytes, %.0f bytes per thumbnail, %.0f per video%n",
        videos.size(), thumbnails, totalBytes, (double) totalBytes / thumbnails, (double) totalBytes / videos.size());
    assertThat(thumbnails).isGreaterThan(videos.size() * 16);
    assertThat((double) totalBytes / thumbnails).as("mean bytes per thumbnail").isBetween(500.0, 12_000.0);
  }

  @Test
  void zeroPixelsTurnsThumbnailsOff() {
    FaceCropper off = new FaceCropper(DetectSettings.from(FakeWatchConfig.of(Map.of(EvidenceSettings.THUMBNAIL_PX, "0"))));
    try (Mat image = new Mat(400, 400, org.bytedeco.opencv.global.opencv_core.CV_8UC3)) {
      Optional<FaceCropper.Crop> crop = off.crop(image, new Detection(100, 100, 120, 140, 0.9f, new float[10]));
      assertThat(crop).isPresent();
      assertThat(crop.get().jpeg()).isNotEmpty();
      assertThat(crop.get().thumbnail()).isEmpty();
    }
  }
}
