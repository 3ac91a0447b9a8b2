package io.fakewatch.ingest;

/**
 * One decoded frame as it leaves ingest: upright, as JPEG at full resolution, and for a sampled frame a
 * detection-size copy ({@code detectionJpeg}, null when there is none).
 */
public record SampledFrame(int index, long timestampMicros, int width, int height, byte[] jpeg, byte[] detectionJpeg) {
  public SampledFrame(int index, long timestampMicros, int width, int height, byte[] jpeg) {
    this(index, timestampMicros, width, height, jpeg, null);
  }

  /** JPEG bytes the frame puts on the topic. */
  public long bytes() {
    return jpeg.length + (detectionJpeg == null ? 0 : detectionJpeg.length);
  }
}
