package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/** nal_ref_idc read from 4-byte length-prefixed NAL units; anything unsure counts as referenced. */
class H264NalTest {
  private static boolean nonReference(int... bytes) {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    try (BytePointer pointer = new BytePointer(data)) {
      return H264Nal.nonReference(pointer, data.length, 4);
    }
  }

  @Test
  void aSliceWithRefIdcZeroIsDisposableAndAnyReferencedSliceIsNot() {
    assertThat(nonReference(0, 0, 0, 2, 0x01, 0xAA)).isTrue();              // non-IDR slice, nal_ref_idc 0
    assertThat(nonReference(0, 0, 0, 2, 0x21, 0xAA)).isFalse();             // nal_ref_idc 1
    assertThat(nonReference(0, 0, 0, 2, 0x06, 0xAA, 0, 0, 0, 2, 0x01, 0xBB)).isTrue(); // SEI then a disposable slice
    assertThat(nonReference(0, 0, 0, 2, 0x01, 0xAA, 0, 0, 0, 2, 0x41, 0xBB)).isFalse(); // second slice referenced
    assertThat(nonReference(0, 0, 0, 2, 0x06, 0xAA)).isFalse();             // no slice at all
    assertThat(nonReference(0, 0, 0, 9, 0x01, 0xAA)).isFalse();             // length past the end
    assertThat(nonReference(0, 0, 0, 0, 0x01)).isFalse();                   // zero length
  }
}
