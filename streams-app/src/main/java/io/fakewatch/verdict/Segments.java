package io.fakewatch.verdict;

import io.fakewatch.events.FrameEvidence;
import io.fakewatch.events.Segment;
import io.fakewatch.events.TrackSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where in the video a track looks fake: runs of consecutive sampled frames whose fused score is at or above
 * the threshold. A run covers the time from its first frame to the next sampled frame (the video's end after
 * the last), so a track fake throughout covers its whole span and a partial swap shows where it starts and stops.
 */
final class Segments {
  private Segments() {}

  static List<Segment> find(List<TrackSummary> tracks, double threshold, long durationMicros) {
    List<Segment> segments = new ArrayList<>();
    for (TrackSummary track : tracks) {
      List<FrameEvidence> frames = track.getTimeline();
      int start = -1;
      for (int i = 0; i <= frames.size(); i++) {
        boolean above = i < frames.size() && frames.get(i).getFusedScore() >= threshold;
        if (above && start < 0) {
          start = i;
        } else if (!above && start >= 0) {
          segments.add(segment(track.getTrackId(), frames, start, i - 1, durationMicros));
          start = -1;
        }
      }
    }
    segments.sort(Comparator.comparingLong(Segment::getStartMicros).thenComparingInt(Segment::getTrackId));
    return segments;
  }

  private static Segment segment(int trackId, List<FrameEvidence> frames, int first, int last, long durationMicros) {
    List<FrameEvidence> inside = frames.subList(first, last + 1);
    long end = last + 1 < frames.size() ? frames.get(last + 1).getTimestampMicros()
        : Math.max(durationMicros, frames.get(last).getTimestampMicros());
    return Segment.newBuilder().setTrackId(trackId).setStartFrame(frames.get(first).getFrameIndex())
        .setEndFrame(frames.get(last).getFrameIndex()).setStartMicros(frames.get(first).getTimestampMicros())
        .setEndMicros(end).setPeak(inside.stream().mapToDouble(FrameEvidence::getFusedScore).max().orElseThrow())
        .setMean(inside.stream().mapToDouble(FrameEvidence::getFusedScore).average().orElseThrow()).build();
  }
}
