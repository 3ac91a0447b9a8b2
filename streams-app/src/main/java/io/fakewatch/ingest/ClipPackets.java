package io.fakewatch.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import io.fakewatch.events.ClipSegment;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Cuts each clip out of the source as its own compressed packets — from the keyframe at or before the clip's
 * first frame through the last packet the clip needs, in decode order — remuxed into fragmented MP4 without
 * re-encoding. Lossless, and smaller than the clip's JPEGs: decoding it in detect gives the pixels ingest
 * decoded. Two passes over the packets (no decoding): one to index them, one to copy the chosen ones.
 *
 * <p>A clip is cut only when the packets make its frames certain: timestamps on every packet, no packet
 * after the keyframe shown before it (an open GOP's leading pictures), exactly the clip's frames between its
 * first and last time, and a segment under the record's budget. Otherwise the clip has no segment and
 * travels as JPEG, as before.
 */
final class ClipPackets {
  /** Fragmented MP4: keeps the source's codec tags and time base, and needs no seeking to write. */
  static final String FORMAT = "mp4";

  /**
   * Where a clip's packets lie in decode order (the stream's first packet, then {@code firstPacket}, a keyframe,
   * through {@code lastPacket}, less the pictures outside the clip nothing references), the decoded frames
   * before the clip's first, and the clip frames' times
   * relative to the video's first frame.
   */
  record Plan(int clip, int firstPacket, int lastPacket, boolean[] kept, int skipFrames, long[] relativeMicros) {
    boolean copies(int position) {
      return position == 0 || position >= firstPacket && position <= lastPacket && kept[position - firstPacket];
    }
  }

  private final PacketIndex index;

  private ClipPackets(PacketIndex index) {
    this.index = index;
  }

  /**
   * The segments of the clips starting at presentation-order frames {@code starts}, each of {@code length}
   * frames; a clip that cannot be cut safely, or whose segment is over {@code budgetBytes}, is absent.
   */
  static Map<Integer, Cut> cut(Path file, PacketIndex packets, int[] starts, int length, int rotation, long budgetBytes)
      throws FrameGrabber.Exception {
    Map<Integer, Cut> cuts = new HashMap<>();
    if (starts.length == 0 || packets == null) {
      return cuts;
    }
    ClipPackets index = new ClipPackets(packets);
    List<Plan> plans = new ArrayList<>();
    for (int k = 0; k < starts.length; k++) {
      Plan plan = index.plan(k, starts[k], length);
      if (plan != null) {
        plans.add(plan);
      }
    }
    Map<Integer, byte[]> copied = copy(file, plans);
    for (Plan plan : plans) {
      byte[] container = copied.get(plan.clip());
      if (container.length <= budgetBytes) {
        ClipSegment segment = ClipSegment.newBuilder().setFormat(FORMAT).setContainer(ByteBuffer.wrap(container))
            .setSkipFrames(plan.skipFrames()).setRotation(rotation).build();
        cuts.put(plan.clip(), new Cut(segment, plan.relativeMicros()));
      }
    }
    return cuts;
  }

  /** A clip's segment and the times (relative to the video's first frame) its frames must have when decoded. */
  record Cut(ClipSegment segment, long[] relativeMicros) {}

  private static FFmpegFrameGrabber open(Path file) throws FrameGrabber.Exception {
    FFmpegFrameGrabber grabber = VideoProbe.grabber(file);
    grabber.start();
    return grabber;
  }

  /** Null when the packets do not make clip {@code clip}'s frames certain. */
  private Plan plan(int clip, int start, int length) {
    long[] pts = index.pts;
    long[] sortedPts = index.sortedPts;
    boolean[] key = index.key;
    boolean[] disposable = index.disposable;
    if (start + length > sortedPts.length) {
      return null;
    }
    long startPts = sortedPts[start];
    long endPts = sortedPts[start + length - 1];
    int first = -1;
    for (int i = 0; i < pts.length && pts[i] <= endPts; i++) {
      if (key[i] && pts[i] <= startPts) {
        first = i;
      }
    }
    if (first < 0) {
      return null;
    }
    int last = first;
    for (int i = first; i < pts.length; i++) {
      if (pts[i] <= endPts) {
        last = i;
      }
    }
    int skip = 0;
    int inClip = 0;
    boolean[] kept = new boolean[last - first + 1];
    for (int i = first; i <= last; i++) {
      if (pts[i] < pts[first]) {
        return null; // a leading picture of an open GOP: shown before the keyframe, not decodable from it
      }
      boolean shown = pts[i] >= startPts && pts[i] <= endPts;
      // a picture outside the clip that nothing references need not travel or be decoded
      kept[i - first] = shown || !disposable[i];
      skip += kept[i - first] && pts[i] < startPts ? 1 : 0;
      inClip += shown ? 1 : 0;
    }
    if (inClip != length) {
      return null; // duplicate times, or frames before the keyframe: the count would not say which frame is which
    }
    long[] micros = new long[length];
    for (int f = 0; f < length; f++) {
      micros[f] = index.micros(sortedPts[start + f]) - index.micros(sortedPts[0]);
    }
    // the stream's first packet goes first too: some encoders put the parameter sets the decoder must use in-band
    // there rather than in the container's header (FF++'s 640x480 files: a segment from its second keyframe
    // alone decodes to grey garbage). One more frame decoded and dropped.
    return new Plan(clip, first, last, kept, first > 0 ? skip + 1 : skip, micros);
  }

  /** Second pass: each plan's packets copied into its own MP4 container in memory. */
  private static Map<Integer, byte[]> copy(Path file, List<Plan> plans) throws FrameGrabber.Exception {
    Map<Integer, byte[]> out = new HashMap<>();
    if (plans.isEmpty()) {
      return out;
    }
    Map<Integer, ByteArrayOutputStream> buffers = new HashMap<>();
    Map<Integer, FFmpegFrameRecorder> recorders = new HashMap<>();
    try (FFmpegFrameGrabber grabber = open(file)) {
      int stream = PacketIndex.videoStream(grabber.getFormatContext());
      for (Plan plan : plans) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        // a size tells the recorder to take the input's video stream; no audio channels: no audio stream
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(buffer, grabber.getImageWidth(), grabber.getImageHeight(), 0);
        recorder.setFormat(FORMAT);
        recorder.setOption("movflags", "frag_keyframe+empty_moov+default_base_moof");
        recorder.start(grabber.getFormatContext());
        buffers.put(plan.clip(), buffer);
        recorders.put(plan.clip(), recorder);
      }
      int position = 0;
      int end = plans.stream().mapToInt(Plan::lastPacket).max().orElse(-1);
      for (AVPacket packet = grabber.grabPacket(); packet != null && position <= end; packet = grabber.grabPacket()) {
        if (packet.stream_index() == stream) {
          for (Plan plan : plans) {
            if (plan.copies(position)) {
              // recordPacket rescales the packet's times in place: hand each container its own copy
              AVPacket copy = av_packet_clone(packet);
              try {
                recorders.get(plan.clip()).recordPacket(copy);
              } finally {
                av_packet_free(copy);
              }
            }
          }
          position++;
        }
        av_packet_unref(packet);
      }
      for (Map.Entry<Integer, FFmpegFrameRecorder> e : recorders.entrySet()) {
        e.getValue().stop();
        out.put(e.getKey(), buffers.get(e.getKey()).toByteArray());
      }
      return out;
    } catch (FrameRecorder.Exception e) {
      throw new FrameGrabber.Exception("remuxing a clip failed: " + e.getMessage(), e);
    } finally {
      for (FFmpegFrameRecorder recorder : recorders.values()) {
        try {
          recorder.release();
        } catch (FrameRecorder.Exception ignored) {
          // already stopped or never started: nothing to free
        }
      }
    }
  }
}
