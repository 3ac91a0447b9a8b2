package io.fakewatch.detect;

import io.fakewatch.events.Box;
import io.fakewatch.events.DetectState;
import io.fakewatch.events.TrackState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Links each sampled frame's faces to the video's tracks: greedily by IoU with each track's last box,
 * then — sampled frames are ~10 video frames apart, so a moving head may no longer overlap — by the face
 * centre falling inside a track's last box. Unmatched faces start new tracks. State lives in
 * {@link DetectState}, so the stage's store carries it across restarts.
 */
public final class FaceTracker {
  private final double minIou;

  public FaceTracker(double minIou) {
    this.minIou = minIou;
  }

  /** Returns the track id of each detection, in order, updating the state. */
  public int[] assign(DetectState state, List<Detection> detections, int frameIndex) {
    int[] ids = new int[detections.size()];
    java.util.Arrays.fill(ids, -1);
    List<TrackState> tracks = state.getTracks();
    boolean[] trackUsed = new boolean[tracks.size()];
    record Pair(int detection, int track, float iou) {}
    List<Pair> pairs = new ArrayList<>();
    for (int d = 0; d < detections.size(); d++) {
      for (int t = 0; t < tracks.size(); t++) {
        Box b = tracks.get(t).getBox();
        Detection det = detections.get(d);
        float iou = Detection.iou(det.x(), det.y(), det.width(), det.height(), b.getX(), b.getY(), b.getWidth(), b.getHeight());
        if (iou >= minIou || centreInside(det, b)) {
          pairs.add(new Pair(d, t, iou));
        }
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
    for (Pair pair : pairs) {
      if (ids[pair.detection()] < 0 && !trackUsed[pair.track()]) {
        trackUsed[pair.track()] = true;
        TrackState track = tracks.get(pair.track());
        ids[pair.detection()] = track.getTrackId();
        update(track, detections.get(pair.detection()), frameIndex);
      }
    }
    for (int d = 0; d < detections.size(); d++) {
      if (ids[d] < 0) {
        Detection det = detections.get(d);
        int id = state.getNextTrackId();
        state.setNextTrackId(id + 1);
        tracks.add(new TrackState(id, box(det), frameIndex, frameIndex, 0));
        ids[d] = id;
      }
    }
    return ids;
  }

  private static boolean centreInside(Detection det, Box box) {
    float cx = det.x() + det.width() / 2;
    float cy = det.y() + det.height() / 2;
    return cx >= box.getX() && cx <= box.getX() + box.getWidth() && cy >= box.getY() && cy <= box.getY() + box.getHeight();
  }

  private static void update(TrackState track, Detection det, int frameIndex) {
    track.setBox(box(det));
    track.setLastFrame(frameIndex);
  }

  static Box box(Detection det) {
    return new Box(det.x(), det.y(), det.width(), det.height());
  }
}
