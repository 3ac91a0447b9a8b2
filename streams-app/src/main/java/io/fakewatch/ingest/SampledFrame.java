package io.fakewatch.ingest;

/** One sampled frame, already JPEG-encoded upright at full resolution. */
public record SampledFrame(int index, long timestampMicros, int width, int height, byte[] jpeg) {}
