package io.fakewatch.detect;

/**
 * One frame as detect receives it: the full-resolution JPEG and, when ingest made one, a detection-size copy
 * (null otherwise). Faces are found on the copy and cut from the full frame.
 */
public record FrameJpegs(byte[] full, byte[] detection) {
  public static FrameJpegs full(byte[] jpeg) {
    return new FrameJpegs(jpeg, null);
  }
}
