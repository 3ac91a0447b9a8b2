package io.fakewatch.temporal;

import io.fakewatch.detect.Detection;

/**
 * A square, roll-corrected crop of the frame for the 192×192 landmark model: centre and side in frame
 * pixels, roll angle in radians. {@link #matrix()} maps crop pixels to frame pixels
 * ({@code M = [[c·s, −n·s, tx], [n·s, c·s, ty]]}, s = side/192, (tx, ty) = centre − M[:, :2]·(96, 96)).
 */
public record FaceRoi(double centreX, double centreY, double side, double angle) {
  public static final int CROP = 192;
  /** How much larger than the face (box or mesh extent) the crop is. */
  static final double SCALE = 1.5;
  /** Mesh vertices at the two outer eye corners (image left, image right) that give pass 2's roll. */
  static final int MESH_EYE_LEFT_CORNER = 33;
  static final int MESH_EYE_RIGHT_CORNER = 263;

  /** Pass 1: YuNet box centre, 1.5·max(w, h), roll from the eye keypoints (0 = image-left eye, 1 = image-right eye). */
  public static FaceRoi fromDetection(Detection face) {
    float[] k = face.landmarks();
    if (k.length < 4) {
      throw new IllegalArgumentException("the detection has no eye keypoints (YuNet gives them)");
    }
    double angle = Math.atan2((double) k[3] - k[1], (double) k[2] - k[0]);
    return new FaceRoi(face.x() + face.width() / 2.0, face.y() + face.height() / 2.0,
        SCALE * Math.max(face.width(), face.height()), angle);
  }

  /** Pass 2: the bounding box of all 468 mesh points (x, y interleaved, frame px), roll from eye corners 33 → 263. */
  public static FaceRoi fromMesh(float[] meshXy) {
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = 0; i + 1 < meshXy.length; i += 2) {
      minX = Math.min(minX, meshXy[i]);
      maxX = Math.max(maxX, meshXy[i]);
      minY = Math.min(minY, meshXy[i + 1]);
      maxY = Math.max(maxY, meshXy[i + 1]);
    }
    int a = 2 * MESH_EYE_LEFT_CORNER;
    int b = 2 * MESH_EYE_RIGHT_CORNER;
    double angle = Math.atan2((double) meshXy[b + 1] - meshXy[a + 1], (double) meshXy[b] - meshXy[a]);
    return new FaceRoi((minX + maxX) / 2, (minY + maxY) / 2, SCALE * Math.max(maxX - minX, maxY - minY), angle);
  }

  /** The crop→frame affine map, row-major 2×3: {m00, m01, m02, m10, m11, m12}. */
  public double[] matrix() {
    double s = side / CROP;
    double c = Math.cos(angle) * s;
    double n = Math.sin(angle) * s;
    double half = CROP / 2.0;
    double tx = centreX - (c * half - n * half);
    double ty = centreY - (n * half + c * half);
    return new double[] {c, -n, tx, n, c, ty};
  }

  /** Maps crop points (x, y interleaved) to frame pixels. */
  public float[] toFrame(float[] cropXy) {
    double[] m = matrix();
    float[] out = new float[cropXy.length];
    for (int i = 0; i + 1 < cropXy.length; i += 2) {
      double x = cropXy[i];
      double y = cropXy[i + 1];
      out[i] = (float) (m[0] * x + m[1] * y + m[2]);
      out[i + 1] = (float) (m[3] * x + m[4] * y + m[5]);
    }
    return out;
  }
}
