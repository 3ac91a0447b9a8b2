package io.fakewatch.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_RST_INTERVAL;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.fakewatch.testing.SharedData;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

/** A region cut from a JPEG's restart intervals decodes to exactly the whole decode's pixels there. */
class JpegRegionTest {
  @Test
  void regionsDecodeToTheWholeFramesPixelsAtAnySizeAndInterval() throws Exception {
    try (Mat frame = Jpeg.decode(Files.readAllBytes(SharedData.image("lynaeydofd_fr0.jpg")), IMREAD_COLOR)) {
      assertThat(frame.cols()).isEqualTo(1920);
      Random random = new Random(7);
      // 1920 px = 120 MCUs (interval 4), an odd size whose last MCU column and row are partial, a 1-MCU interval
      int[][] cases = {{1920, 1080, 4}, {1917, 1077, 3}, {640, 360, 1}};
      for (int[] c : cases) {
        try (Rect area = new Rect(0, 0, c[0], c[1]); Mat source = frame.apply(area).clone()) {
          byte[] jpeg = encode(source, 95, c[2]);
          JpegRegion region = JpegRegion.index(jpeg);
          assertThat(region).as("%dx%d interval %d", c[0], c[1], c[2]).isNotNull();
          try (Mat whole = Jpeg.decode(jpeg, IMREAD_COLOR)) {
            for (int k = 0; k < 40; k++) {
              int x0 = random.nextInt(c[0] - 2);
              int y0 = random.nextInt(c[1] - 2);
              int x1 = x0 + 1 + random.nextInt(Math.min(500, c[0] - x0 - 1)) + 1;
              int y1 = y0 + 1 + random.nextInt(Math.min(500, c[1] - y0 - 1)) + 1;
              assertSamePixels(region, whole, x0, y0, Math.min(x1, c[0]), Math.min(y1, c[1]));
            }
            // the frame's corners and edges, where the cut has no context on one side
            assertSamePixels(region, whole, 0, 0, 37, 29);
            assertSamePixels(region, whole, c[0] - 45, c[1] - 33, c[0], c[1]);
            assertSamePixels(region, whole, 0, 0, c[0], c[1]);
          }
        }
      }
    }
  }

  @Test
  void aFaceSizedCutCarriesAFractionOfTheFrame() throws Exception {
    try (Mat frame = Jpeg.decode(Files.readAllBytes(SharedData.image("lynaeydofd_fr0.jpg")), IMREAD_COLOR)) {
      byte[] jpeg = encode(frame, 95, 4);
      JpegRegion.Cut cut = JpegRegion.index(jpeg).cut(800, 300, 1150, 700);
      // 350x400 asked for; whole intervals of 64 px and MCU rows of 16, plus one MCU of context each side
      assertThat(cut.x()).isEqualTo(768);
      assertThat(cut.y()).isEqualTo(272);
      assertThat(cut.width()).isEqualTo(1216 - 768);
      assertThat(cut.height()).isEqualTo(720 - 272);
      assertThat(cut.jpeg().length).isLessThan(jpeg.length / 4);
    }
  }

  @Test
  void jpegsItCannotCutGiveNoIndex() throws Exception {
    try (Mat frame = Jpeg.decode(Files.readAllBytes(SharedData.image("lynaeydofd_fr0.jpg")), IMREAD_COLOR)) {
      byte[] good = encode(frame, 95, 4);
      assertThat(JpegRegion.index(encode(frame, 95, 0))).as("no restart markers").isNull();
      assertThat(JpegRegion.index(encode(frame, 95, 7))).as("an interval that straddles MCU rows (120 % 7)").isNull();
      try (BytePointer out = new BytePointer();
           IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 95, IMWRITE_JPEG_RST_INTERVAL, 4, IMWRITE_JPEG_PROGRESSIVE, 1)) {
        imencode(".jpg", frame, out, params);
        byte[] progressive = new byte[(int) out.limit()];
        out.get(progressive);
        assertThat(JpegRegion.index(progressive)).as("progressive").isNull();
      }
      assertThat(JpegRegion.index(Arrays.copyOf(good, good.length / 2))).as("cut short").isNull();
      assertThat(JpegRegion.index(Arrays.copyOf(good, 300))).as("header only").isNull();
      assertThat(JpegRegion.index(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3})).as("garbage").isNull();
      byte[] extraMarker = good.clone();
      int middle = lastRestartMarker(extraMarker);
      extraMarker[middle + 1] = (byte) (0xd0 + ((extraMarker[middle + 1] - 0xd0 + 1) & 7)); // a restart marker out of sequence
      assertThat(JpegRegion.index(extraMarker)).as("restart markers out of order").isNull();
      JpegRegion region = JpegRegion.index(good);
      assertThatThrownBy(() -> region.cut(10, 10, 1921, 20)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static int lastRestartMarker(byte[] jpeg) {
    for (int i = jpeg.length - 2; i > 0; i--) {
      if (jpeg[i] == (byte) 0xff && (jpeg[i + 1] & 0xf8) == 0xd0) {
        return i;
      }
    }
    throw new AssertionError("no restart marker");
  }

  private static void assertSamePixels(JpegRegion region, Mat whole, int x0, int y0, int x1, int y1) {
    JpegRegion.Cut cut = region.cut(x0, y0, x1, y1);
    try (Mat decoded = Jpeg.decode(cut.jpeg(), IMREAD_COLOR);
         Rect inCut = new Rect(x0 - cut.x(), y0 - cut.y(), x1 - x0, y1 - y0);
         Rect inWhole = new Rect(x0, y0, x1 - x0, y1 - y0);
         Mat got = decoded.apply(inCut).clone();
         Mat expected = whole.apply(inWhole).clone()) {
      assertThat(decoded.cols()).isEqualTo(cut.width());
      assertThat(decoded.rows()).isEqualTo(cut.height());
      assertThat(bytes(got)).as("region %d,%d-%d,%d of %dx%d", x0, y0, x1, y1, region.width(), region.height())
          .isEqualTo(bytes(expected));
    }
  }

  private static byte[] bytes(Mat image) {
    byte[] pixels = new byte[(int) (image.total() * image.channels())];
    image.data().get(pixels);
    return pixels;
  }

  private static byte[] encode(Mat image, int quality, int interval) {
    try (BytePointer out = new BytePointer();
         IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality, IMWRITE_JPEG_RST_INTERVAL, interval)) {
      imencode(".jpg", image, out, params);
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }
}
