package io.fakewatch.detect;

/** A face in full-frame pixels: box, score and (YuNet) five landmarks x0,y0..x4,y4 — empty when the model has none. */
public record Detection(float x, float y, float width, float height, float score, float[] landmarks) {
  /** The same face in a frame {@code sx} times wider and {@code sy} times taller (found on a downscaled copy). */
  public Detection scaled(float sx, float sy) {
    if (sx == 1f && sy == 1f) {
      return this;
    }
    float[] moved = landmarks.clone();
    for (int i = 0; i + 1 < moved.length; i += 2) {
      moved[i] *= sx;
      moved[i + 1] *= sy;
    }
    return new Detection(x * sx, y * sy, width * sx, height * sy, score, moved);
  }

  public float area() {
    return Math.max(0, width) * Math.max(0, height);
  }

  public static float iou(float ax, float ay, float aw, float ah, float bx, float by, float bw, float bh) {
    float ix = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
    float iy = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
    float inter = ix * iy;
    float union = aw * ah + bw * bh - inter;
    return union <= 0 ? 0 : inter / union;
  }

  public float iou(Detection other) {
    return iou(x, y, width, height, other.x, other.y, other.width, other.height);
  }
}
