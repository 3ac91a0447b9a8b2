package io.fakewatch.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A decode's sampled frames and clip frames held back, in the order they came, until {@link #release} hands them
 * on: a planned decode that turns out not to go as planned is dropped unseen and the video decoded again.
 */
final class DeferredOutput implements VideoDecoder.ClipSink {
  private final Consumer<SampledFrame> sink;
  private final VideoDecoder.ClipSink clips;
  private final List<Runnable> held = new ArrayList<>();

  DeferredOutput(Consumer<SampledFrame> sink, VideoDecoder.ClipSink clips) {
    this.sink = sink;
    this.clips = clips;
  }

  void frame(SampledFrame frame) {
    held.add(() -> sink.accept(frame));
  }

  @Override
  public void accept(int clip, SampledFrame frame) {
    held.add(() -> clips.accept(clip, frame));
  }

  @Override
  public void segment(int clip, io.fakewatch.events.ClipSegment segment) {
    held.add(() -> clips.segment(clip, segment));
  }

  void release() {
    held.forEach(Runnable::run);
    held.clear();
  }
}
