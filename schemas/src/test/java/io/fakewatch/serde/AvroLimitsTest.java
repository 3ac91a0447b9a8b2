package io.fakewatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fakewatch.events.Frame;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.VideoRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.SystemLimitException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * A hostile record cannot make the decoder allocate what it claims: a length or item count past
 * {@link AvroLimits} is refused before allocation (SystemLimitException, so a dead letter), where Avro's
 * defaults would first allocate it (up to 2 GB for one 36-byte record) and only then find the record short.
 */
class AvroLimitsTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
  private static final int HEADER_BYTES = 10; // magic and schema fingerprint

  @Test
  void aRequestClaimingAHugeStringIsRefusedBeforeAllocation() {
    EventSerde<VideoRequest> serde = EventSerde.of(VideoRequest.class);
    byte[] good = serde.serialize("t", VideoRequests.of("ab", "file:///x.mp4", AT));
    // the body starts with videoId: its length (1 byte, zig-zag 4) and "ab"; claim 1.5 GB instead
    byte[] bomb = replace(good, HEADER_BYTES, 1, varint(1_500_000_000L));
    assertThat(bomb.length).isLessThan(64);
    assertThatThrownBy(() -> serde.deserialize("video-requests", bomb))
        .isInstanceOf(SerializationException.class)
        .hasRootCauseInstanceOf(SystemLimitException.class);
  }

  @Test
  void aBatchClaimingMillionsOfFramesIsRefusedBeforeAllocation() {
    EventSerde<FrameBatch> serde = EventSerde.of(FrameBatch.class);
    byte[] good = serde.serialize("t", batch(List.of()));
    // a batch ends with the frames count (0), the timings count (0), clipIndex (-1) and clips (0): claim two million frames
    byte[] bomb = replace(good, good.length - 4, 1, varint(2_000_000L));
    assertThatThrownBy(() -> serde.deserialize("video-frames", bomb))
        .isInstanceOf(SerializationException.class)
        .hasRootCauseInstanceOf(SystemLimitException.class);
  }

  @Test
  void aFrameLargerThanTheFramesTopicAllowsStillDecodes() {
    EventSerde<FrameBatch> serde = EventSerde.of(FrameBatch.class);
    byte[] jpeg = new byte[24 * 1024 * 1024]; // over the frames topic's 16 MiB default, under the bound
    Arrays.fill(jpeg, (byte) 7);
    Frame frame = Frame.newBuilder().setIndex(0).setTimestampMicros(0).setWidth(1).setHeight(1)
        .setJpeg(ByteBuffer.wrap(jpeg)).build();
    FrameBatch decoded = serde.deserialize("video-frames", serde.serialize("video-frames", batch(List.of(frame))));
    assertThat(decoded.getFrames().get(0).getJpeg().remaining()).isEqualTo(jpeg.length);
  }

  private static FrameBatch batch(List<Frame> frames) {
    return FrameBatch.newBuilder().setVideoId("v").setUri("file:///v.mp4").setRequestedAt(AT).setBatchIndex(0)
        .setLast(true).setFrames(frames).setTimings(Map.of()).build();
  }

  /** Avro's zig-zag varint of {@code n}. */
  private static byte[] varint(long n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long z = (n << 1) ^ (n >> 63);
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    return out.toByteArray();
  }

  private static byte[] replace(byte[] bytes, int at, int length, byte[] with) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.writeBytes(with);
    out.write(bytes, at + length, bytes.length - at - length);
    return out.toByteArray();
  }
}
