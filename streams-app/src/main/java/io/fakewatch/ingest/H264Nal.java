package io.fakewatch.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacpp.BytePointer;

/**
 * Just enough of H.264's length-prefixed (avcC, as in MP4) NAL units to tell a picture that no other picture
 * references: every slice NAL with nal_ref_idc 0 (ITU-T H.264 7.4.1). Such a picture can be left out of a
 * stream without changing how any other picture decodes.
 */
final class H264Nal {
  private H264Nal() {}

  /** Bytes of each NAL's length prefix from an avcC header (1, 2 or 4), or 0 when the stream is not H.264 in avcC. */
  static int lengthSize(AVCodecParameters codec) {
    if (codec.codec_id() != AV_CODEC_ID_H264 || codec.extradata() == null || codec.extradata_size() < 7) {
      return 0;
    }
    BytePointer avcc = codec.extradata();
    if ((avcc.get(0) & 0xff) != 1) {
      return 0; // Annex B start codes, not avcC
    }
    int size = (avcc.get(4) & 0x3) + 1;
    return size == 3 ? 0 : size;
  }

  /** True when the packet holds at least one slice and all its slices have nal_ref_idc 0; false when unsure. */
  static boolean nonReference(BytePointer data, int size, int lengthSize) {
    if (data == null || size <= 0) {
      return false;
    }
    boolean slice = false;
    long position = 0;
    while (position + lengthSize < size) {
      long length = 0;
      for (int b = 0; b < lengthSize; b++) {
        length = length << 8 | (data.get(position + b) & 0xff);
      }
      int header = data.get(position + lengthSize) & 0xff;
      int type = header & 0x1f;
      if (type >= 1 && type <= 5) {
        slice = true;
        if ((header >> 5 & 0x3) != 0) {
          return false;
        }
      }
      if (length <= 0) {
        return false; // malformed: keep the packet
      }
      position += lengthSize + length;
    }
    return slice && position == size;
  }
}
