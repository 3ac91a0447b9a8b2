package io.fakewatch.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DFDC perturbations on the smallest shared video, read back with a real decoder. */
class PerturbationTest {
  private static final Path SOURCE = SharedData.video("orig_youtube_c23_004.mp4");

  private record Probe(int width, int height, double fps, int frames, String codec, long bytes) {}

  private static Probe probe(Path file) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      int frames = 0;
      while (grabber.grabImage() != null) {
        frames++;
      }
      return new Probe(grabber.getImageWidth(), grabber.getImageHeight(), grabber.getFrameRate(), frames,
          grabber.getVideoCodecName(), Files.size(file));
    }
  }

  @Test
  void fifteenFpsDropsFramesInProportion(@TempDir Path dir) throws Exception {
    Probe source = probe(SOURCE);
    Probe out = probe(Perturbation.FPS_15.apply(SOURCE, dir.resolve("fps15.mp4")));
    assertThat(out.fps()).isCloseTo(15, within(0.5));
    assertThat(out.width()).isEqualTo(source.width());
    assertThat((double) out.frames()).isCloseTo(source.frames() * 15 / source.fps(), within(2.0));
    assertThat(out.codec()).isEqualTo("h264");
  }

  @Test
  void quarterResolutionHalvesEachSide(@TempDir Path dir) throws Exception {
    Probe source = probe(SOURCE);
    Probe out = probe(Perturbation.QUARTER_RESOLUTION.apply(SOURCE, dir.resolve("quarter.mp4")));
    assertThat(out.width()).isCloseTo(source.width() / 2, within(1));
    assertThat(out.height()).isCloseTo(source.height() / 2, within(1));
    assertThat(out.frames()).isEqualTo(source.frames());
    assertThat(out.fps()).isCloseTo(source.fps(), within(0.5));
  }

  @Test
  void lowQualityIsAFractionOfTheOrdinaryBitRate(@TempDir Path dir) throws Exception {
    Probe ordinary = probe(new Perturbation("ordinary", 0, 1.0, 1.0, 0).apply(SOURCE, dir.resolve("ordinary.mp4")));
    Probe low = probe(Perturbation.LOW_QUALITY.apply(SOURCE, dir.resolve("low.mp4")));
    assertThat(low.frames()).isEqualTo(ordinary.frames()).isPositive();
    assertThat(low.width()).isEqualTo(ordinary.width());
    assertThat(low.bytes()).isLessThan(ordinary.bytes() / 2);
  }
}
