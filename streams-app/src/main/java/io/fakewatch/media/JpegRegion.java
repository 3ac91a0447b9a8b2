package io.fakewatch.media;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A rectangle of a JPEG decoded without decoding the rest: the frame is encoded with restart markers (every
 * restart interval is an independent run of entropy-coded data), so the intervals under the rectangle can be
 * copied, byte for byte, into a smaller JPEG with the same tables and decoded alone. Nothing is re-encoded;
 * the intervals keep their bits. The rectangle gets one MCU of context on each side where the frame has it,
 * so chroma upsampling at its edges sees the same neighbours as in the whole frame and the pixels inside are
 * exactly the whole decode's ({@code JpegRegionTest}).
 *
 * <p>Only what ingest writes is indexed: baseline or extended sequential Huffman JPEG, one interleaved scan,
 * a restart interval that divides the MCU row. Anything else gives no index, and the caller decodes the whole
 * frame.
 */
public final class JpegRegion {
  /** The sub-JPEG and where its top-left pixel lies in the frame. */
  public record Cut(byte[] jpeg, int x, int y, int width, int height) {}

  private final byte[] jpeg;
  private final int width;
  private final int height;
  private final int sofAt; // offset of the SOF segment's marker
  private final int dataAt; // first byte of entropy-coded data, just after the SOS header
  private final int mcuWidth;
  private final int mcuHeight;
  private final int mcuRows;
  private final int segmentsPerRow;
  private final int segmentWidth; // pixels one restart interval covers
  private final int[] starts; // per restart interval, row-major: first byte
  private final int[] ends; // and one past its last (before the RST or EOI marker)

  private JpegRegion(byte[] jpeg, int width, int height, int sofAt, int dataAt, int mcuWidth, int mcuHeight,
                     int interval, int[] starts, int[] ends) {
    this.jpeg = jpeg;
    this.width = width;
    this.height = height;
    this.sofAt = sofAt;
    this.dataAt = dataAt;
    this.mcuWidth = mcuWidth;
    this.mcuHeight = mcuHeight;
    this.mcuRows = ceilDiv(height, mcuHeight);
    this.segmentsPerRow = ceilDiv(width, mcuWidth) / interval;
    this.segmentWidth = interval * mcuWidth;
    this.starts = starts;
    this.ends = ends;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /**
   * The restart intervals of {@code jpeg}, or null when it has none usable (no restart markers, progressive,
   * several scans, an interval that straddles MCU rows, or data that does not have the intervals its header
   * promises).
   */
  public static JpegRegion index(byte[] jpeg) {
    try {
      return parse(jpeg);
    } catch (ArrayIndexOutOfBoundsException e) {
      return null; // a header cut short
    }
  }

  private static JpegRegion parse(byte[] jpeg) {
    if (jpeg.length < 4 || u8(jpeg, 0) != 0xff || u8(jpeg, 1) != 0xd8) {
      return null;
    }
    int p = 2;
    int sofAt = -1;
    int width = 0;
    int height = 0;
    int components = 0;
    int maxH = 1;
    int maxV = 1;
    int interval = 0;
    while (true) {
      if (u8(jpeg, p) != 0xff) {
        return null;
      }
      int marker = u8(jpeg, p + 1);
      if (marker == 0xff) {
        p++;
        continue;
      }
      int length = u16(jpeg, p + 2);
      if (marker == 0xc0 || marker == 0xc1) {
        sofAt = p;
        height = u16(jpeg, p + 5);
        width = u16(jpeg, p + 7);
        components = u8(jpeg, p + 9);
        for (int c = 0; c < components; c++) {
          int factors = u8(jpeg, p + 11 + 3 * c);
          maxH = Math.max(maxH, factors >> 4);
          maxV = Math.max(maxV, factors & 0x0f);
        }
      } else if (marker >= 0xc2 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
        return null; // progressive, lossless or arithmetic-coded
      } else if (marker == 0xdd) {
        interval = u16(jpeg, p + 4);
      } else if (marker == 0xda) {
        int scanComponents = u8(jpeg, p + 4);
        if (sofAt < 0 || scanComponents != components || width == 0 || height == 0 || interval == 0) {
          return null;
        }
        int dataAt = p + 2 + length;
        // one component is coded block by block, whatever its sampling factors
        int mcuWidth = components == 1 ? 8 : 8 * maxH;
        int mcuHeight = components == 1 ? 8 : 8 * maxV;
        int perRow = ceilDiv(width, mcuWidth);
        if (perRow % interval != 0) {
          return null;
        }
        int segments = perRow / interval * ceilDiv(height, mcuHeight);
        int[] starts = new int[segments];
        int[] ends = new int[segments];
        if (!intervals(jpeg, dataAt, starts, ends)) {
          return null;
        }
        return new JpegRegion(jpeg, width, height, sofAt, dataAt, mcuWidth, mcuHeight, interval, starts, ends);
      } else if (marker == 0xd8 || marker == 0xd9 || (marker >= 0xd0 && marker <= 0xd7)) {
        return null; // no stand-alone markers belong in the header
      }
      p += 2 + length;
    }
  }

  /** Finds each interval's bytes; false unless the data holds exactly as many as there are slots, then EOI. */
  private static boolean intervals(byte[] jpeg, int dataAt, int[] starts, int[] ends) {
    int segment = 0;
    starts[0] = dataAt;
    for (int i = dataAt; i + 1 < jpeg.length; i++) {
      if (jpeg[i] != (byte) 0xff) {
        continue;
      }
      int next = u8(jpeg, i + 1);
      if (next == 0x00 || next == 0xff) {
        continue; // a stuffed byte, or fill before a marker
      }
      if (next >= 0xd0 && next <= 0xd7) {
        if ((next & 7) != (segment & 7) || segment + 1 >= starts.length) {
          return false;
        }
        ends[segment++] = i;
        starts[segment] = i + 2;
        i++;
      } else if (next == 0xd9) {
        ends[segment] = i;
        return segment == starts.length - 1;
      } else {
        return false; // DNL or another marker inside the scan
      }
    }
    return false;
  }

  /**
   * The smallest run of whole restart intervals and MCU rows that covers {@code [x0,x1)×[y0,y1)} with an MCU
   * of context around it (clamped to the frame), as a JPEG of its own.
   */
  public Cut cut(int x0, int y0, int x1, int y1) {
    if (x0 < 0 || y0 < 0 || x1 > width || y1 > height || x0 >= x1 || y0 >= y1) {
      throw new IllegalArgumentException("region " + x0 + "," + y0 + "-" + x1 + "," + y1 + " outside " + width + "x" + height);
    }
    int firstColumn = Math.max(0, x0 - mcuWidth) / segmentWidth;
    int endColumn = Math.min(segmentsPerRow, ceilDiv(x1 + mcuWidth, segmentWidth));
    int firstRow = Math.max(0, y0 - mcuHeight) / mcuHeight;
    int endRow = Math.min(mcuRows, ceilDiv(y1 + mcuHeight, mcuHeight));
    int x = firstColumn * segmentWidth;
    int y = firstRow * mcuHeight;
    int cutWidth = Math.min(width, endColumn * segmentWidth) - x;
    int cutHeight = Math.min(height, endRow * mcuHeight) - y;

    ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(firstRow, endRow, firstColumn, endColumn) + dataAt + 64);
    byte[] header = Arrays.copyOf(jpeg, dataAt); // every table and the scan header, as they are
    header[sofAt + 5] = (byte) (cutHeight >> 8);
    header[sofAt + 6] = (byte) cutHeight;
    header[sofAt + 7] = (byte) (cutWidth >> 8);
    header[sofAt + 8] = (byte) cutWidth;
    out.write(header, 0, header.length);
    int written = 0;
    for (int row = firstRow; row < endRow; row++) {
      for (int column = firstColumn; column < endColumn; column++) {
        if (written > 0) {
          out.write(0xff);
          out.write(0xd0 + ((written - 1) & 7)); // restart markers count 0..7 over again in the new image
        }
        int segment = row * segmentsPerRow + column;
        out.write(jpeg, starts[segment], ends[segment] - starts[segment]);
        written++;
      }
    }
    out.write(0xff);
    out.write(0xd9);
    return new Cut(out.toByteArray(), x, y, cutWidth, cutHeight);
  }

  private int estimate(int firstRow, int endRow, int firstColumn, int endColumn) {
    long bytes = 0;
    for (int row = firstRow; row < endRow; row++) {
      bytes += ends[row * segmentsPerRow + endColumn - 1] - starts[row * segmentsPerRow + firstColumn];
    }
    return (int) Math.min(Integer.MAX_VALUE - 1024, bytes);
  }

  private static int u8(byte[] b, int at) {
    return b[at] & 0xff;
  }

  private static int u16(byte[] b, int at) {
    return (u8(b, at) << 8) | u8(b, at + 1);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
