package io.fakewatch.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fakewatch.models.ModelSpec;
import io.fakewatch.testing.SharedData;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/**
 * The vectorised tensor fill against a plain per-pixel reference: letterbox, colour order, scale, mean,
 * std, NCHW and NHWC, the in-place mirror, and the reduced-scale decode of large crops.
 */
class CropTensorTest {
  private static final ModelSpec.Input MESO = new ModelSpec.Input("input", "NCHW", 256, 256, false, "RGB",
      1 / 255.0, new double[] {0, 0, 0}, new double[] {1, 1, 1});
  private static final ModelSpec.Input IMAGENET_NHWC_BGR = new ModelSpec.Input("input", "NHWC", 224, 224, false, "BGR",
      1 / 255.0, new double[] {0.406, 0.456, 0.485}, new double[] {0.225, 0.224, 0.229});

  private static List<byte[]> crops() throws Exception {
    List<byte[]> crops = new ArrayList<>();
    for (String name : List.of("mesonet_df00204.jpg", "mesonet_real00240.jpg", "mesonet_df01254.jpg")) {
      crops.add(Files.readAllBytes(SharedData.image(name)));
    }
    return crops;
  }

  @Test
  void fillsEachSlotAsThePerPixelFormulaDoes() throws Exception {
    for (ModelSpec.Input spec : List.of(MESO, IMAGENET_NHWC_BGR)) {
      List<byte[]> crops = crops();
      CropTensor tensor = new CropTensor(spec);
      boolean[] ok = tensor.fill(crops);
      assertThat(ok).containsOnly(true);
      assertThat(tensor.buffer().remaining()).isEqualTo(crops.size() * tensor.pixelsPerCrop());
      for (int slot = 0; slot < crops.size(); slot++) {
        float[] expected = reference(spec, crops.get(slot), false);
        assertSlot(tensor, slot, expected, 1e-5);
      }
    }
  }

  @Test
  void mirroringInPlaceEqualsFillingMirrored() throws Exception {
    for (ModelSpec.Input spec : List.of(MESO, IMAGENET_NHWC_BGR)) {
      CropTensor tensor = new CropTensor(spec);
      tensor.fill(crops());
      tensor.mirror();
      for (int slot = 0; slot < 3; slot++) {
        assertSlot(tensor, slot, reference(spec, crops().get(slot), true), 1e-5);
      }
    }
  }

  @Test
  void aLargeCropDecodedAtReducedScaleStaysCloseToTheFullDecode() throws Exception {
    // a 1100-px face crop: decoded at 1/4 (275 px >= 256), then resized; the full decode is the reference
    byte[] large;
    try (Mat face = opencv_imgcodecs.imread(SharedData.image("mesonet_df00204.jpg").toString());
         Mat big = new Mat();
         BytePointer jpeg = new BytePointer()) {
      opencv_imgproc.resize(face, big, new Size(1100, 1100), 0, 0, opencv_imgproc.INTER_CUBIC);
      opencv_imgcodecs.imencode(".jpg", big, jpeg, new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 95));
      large = new byte[(int) jpeg.limit()];
      jpeg.get(large);
    }
    assertThat(CropTensor.reduction(1100, 1100, 256, 256)).isEqualTo(4);
    assertThat(CropTensor.reduction(300, 300, 256, 256)).isEqualTo(1);
    CropTensor tensor = new CropTensor(MESO);
    tensor.fill(List.of(large));
    float[] full = reference(MESO, large, false);
    double meanAbs = 0;
    for (int i = 0; i < full.length; i++) {
      meanAbs += Math.abs(tensor.buffer().get(i) - full[i]);
    }
    meanAbs /= full.length;
    assertThat(meanAbs).as("mean absolute difference, in units of 1/255").isLessThan(2.0 / 255);
  }

  @Test
  void anUndecodableCropGetsAZeroSlotAndFalse() throws Exception {
    List<byte[]> crops = new ArrayList<>(crops());
    crops.add(1, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
    crops.add(new byte[0]);
    CropTensor tensor = new CropTensor(MESO);
    tensor.fill(List.of(crops.get(0), crops.get(0), crops.get(0), crops.get(0), crops.get(0))); // dirty every slot
    boolean[] ok = tensor.fill(crops);
    assertThat(ok).containsExactly(true, false, true, true, false);
    int per = tensor.pixelsPerCrop();
    for (int slot : new int[] {1, 4}) {
      for (int i = 0; i < per; i++) {
        assertThat(tensor.buffer().get(slot * per + i)).isEqualTo(0f);
      }
    }
    assertSlot(tensor, 2, reference(MESO, crops.get(2), false), 1e-5);
  }

  private static void assertSlot(CropTensor tensor, int slot, float[] expected, double tolerance) {
    FloatBuffer buffer = tensor.buffer();
    int per = tensor.pixelsPerCrop();
    for (int i = 0; i < per; i++) {
      assertThat(buffer.get(slot * per + i)).as("slot %d element %d", slot, i).isCloseTo(expected[i], within((float) tolerance));
    }
  }

  /** The obvious implementation: full decode, letterbox, then one element at a time. */
  private static float[] reference(ModelSpec.Input spec, byte[] jpeg, boolean mirrored) {
    int width = spec.width();
    int height = spec.height();
    float[] out = new float[width * height * 3];
    try (Mat image = opencv_imgcodecs.imdecode(new Mat(new BytePointer(jpeg)), opencv_imgcodecs.IMREAD_COLOR);
         Mat canvas = new Mat(height, width, opencv_core.CV_8UC3, Scalar.all(0))) {
      double scale = Math.min((double) width / image.cols(), (double) height / image.rows());
      int w = (int) Math.round(image.cols() * scale);
      int h = (int) Math.round(image.rows() * scale);
      try (Mat region = canvas.apply(new Rect((width - w) / 2, (height - h) / 2, w, h))) {
        opencv_imgproc.resize(image, region, new Size(w, h), 0, 0, scale < 0.5 ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
      }
      if (mirrored) {
        opencv_core.flip(canvas, canvas, 1);
      }
      byte[] pixels = new byte[width * height * 3];
      canvas.data().get(pixels);
      int plane = width * height;
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < 3; c++) {
          int source = spec.bgr() ? c : 2 - c; // OpenCV decodes B, G, R
          float v = (float) (((pixels[3 * p + source] & 0xff) * spec.scale() - spec.mean()[c]) / spec.std()[c]);
          out[spec.nchw() ? c * plane + p : 3 * p + c] = v;
        }
      }
    }
    return out;
  }
}
