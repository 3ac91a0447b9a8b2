package io.fakewatch.temporal;

/**
 * One landmark-model run: the face score, the ROI it ran on, and the 68 iBUG points and 468 mesh points
 * (x, y interleaved) both in crop pixels (0..192) and mapped back to the frame.
 */
public record FaceLandmarks(float faceScore, FaceRoi roi, float[] crop68, float[] cropMesh, float[] frame68, float[] frameMesh) {
  /** MediaPipe's own threshold: under it the frame has no face. */
  public static final float MIN_FACE_SCORE = 0.1f;

  public boolean found() {
    return faceScore >= MIN_FACE_SCORE;
  }

  /** The ROI of the next pass, from this run's mesh. */
  public FaceRoi meshRoi() {
    return FaceRoi.fromMesh(frameMesh);
  }

  /** The 68 frame points as LRNet wants them: integers truncated toward zero (numpy {@code astype(int)}). */
  public int[][] frame68Int() {
    int[][] points = new int[68][2];
    for (int i = 0; i < 68; i++) {
      points[i][0] = (int) frame68[2 * i];
      points[i][1] = (int) frame68[2 * i + 1];
    }
    return points;
  }
}
