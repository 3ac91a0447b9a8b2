package io.fakewatch.ingest;

import io.fakewatch.events.ClipSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** A {@link VideoDecoder.ClipSink} that keeps what it is handed: each clip's frames and, for clips sent as packets, its segment. */
public final class ClipCollector implements VideoDecoder.ClipSink {
  private final SortedMap<Integer, List<SampledFrame>> frames = new TreeMap<>();
  private final Map<Integer, ClipSegment> segments = new TreeMap<>();

  @Override
  public void accept(int clip, SampledFrame frame) {
    frames.computeIfAbsent(clip, k -> new ArrayList<>()).add(frame);
  }

  @Override
  public void segment(int clip, ClipSegment segment) {
    segments.put(clip, segment);
  }

  /** Frames by clip number, in clip order. */
  public SortedMap<Integer, List<SampledFrame>> frames() {
    return frames;
  }

  /** Segments by clip number: only the clips that travel as packets. */
  public Map<Integer, ClipSegment> segments() {
    return segments;
  }
}
