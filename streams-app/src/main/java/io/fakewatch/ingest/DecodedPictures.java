package io.fakewatch.ingest;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The decoded pictures of a video, one at a time in presentation order: what the decode loop samples from.
 * {@link GrabbedPictures} decodes every picture; {@link PlannedPictures} leaves out those a {@link DecodePlan}
 * says nothing needs.
 */
interface DecodedPictures extends AutoCloseable {
  /** Moves to the next picture; false at the end of the video. */
  boolean next() throws IngestFailure;

  /**
   * The current picture's frame index: its rank in presentation order, as a decode of every picture counts it.
   * After the end, the number of frames in the video.
   */
  int index();

  /** The current picture's presentation time in micros, as JavaCV stamps it. */
  long timestampMicros();

  /** The current picture converted to BGR; valid until {@link #next}. */
  Mat bgr() throws IngestFailure;

  /** Pictures the decoder has given so far (with a plan, fewer than the frames passed). */
  int decoded();

  @Override
  void close();
}
