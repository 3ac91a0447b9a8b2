package io.fakewatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression: keep the best box, drop those overlapping it by more than the IoU. */
final class Nms {
  private Nms() {}

  static List<Detection> apply(List<Detection> candidates, double iou) {
    List<Detection> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
    List<Detection> kept = new ArrayList<>();
    for (Detection d : sorted) {
      boolean overlaps = false;
      for (Detection k : kept) {
        if (k.iou(d) > iou) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(d);
      }
    }
    return kept;
  }
}
