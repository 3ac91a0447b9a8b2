package io.fakewatch.media;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** JPEG frames and crops as they travel between stages: decoding, and the size read from the header alone. */
public final class Jpeg {
  private Jpeg() {}

  /** The bytes of a JPEG as an event carries them, copied out without moving the buffer's position. */
  public static byte[] bytes(java.nio.ByteBuffer jpeg) {
    java.nio.ByteBuffer view = jpeg.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  /** The decoded image ({@code flags}: OpenCV's IMREAD_*), or null when the bytes are not a decodable image. */
  public static Mat decode(byte[] jpeg, int flags) {
    if (jpeg.length == 0) {
      return null;
    }
    try (BytePointer data = new BytePointer(jpeg); Mat encoded = new Mat(1, jpeg.length, CV_8UC1, data)) {
      Mat image = imdecode(encoded, flags);
      if (image.empty()) {
        image.close();
        return null;
      }
      return image;
    } catch (RuntimeException e) {
      return null; // OpenCV throws on some malformed headers instead of returning an empty image
    }
  }

  /** {width, height} read from the header without decoding, or null when the bytes are not a JPEG with a frame header before the image data. */
  public static int[] dimensions(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
      return null;
    }
    int p = 2;
    while (p + 9 < jpeg.length) {
      if ((jpeg[p] & 0xff) != 0xff) {
        return null;
      }
      int marker = jpeg[p + 1] & 0xff;
      if (marker == 0xff) {
        p++; // fill byte
        continue;
      }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        p += 2; // markers without a length field
        continue;
      }
      int length = ((jpeg[p + 2] & 0xff) << 8) | (jpeg[p + 3] & 0xff);
      // SOF0..SOF15 except DHT (c4), JPG (c8) and DAC (cc)
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
        int height = ((jpeg[p + 5] & 0xff) << 8) | (jpeg[p + 6] & 0xff);
        int width = ((jpeg[p + 7] & 0xff) << 8) | (jpeg[p + 8] & 0xff);
        return width > 0 && height > 0 ? new int[] {width, height} : null;
      }
      if (marker == 0xda || length < 2) {
        return null; // image data before any frame header
      }
      p += 2 + length;
    }
    return null;
  }
}
