package io.fakewatch.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Every video packet of a file in decode order — its presentation time, key flag, and whether it is an H.264
 * picture no other picture references (nal_ref_idc 0) — from one demux pass without decoding. What clips are
 * cut from ({@link ClipPackets}) and what the decode may leave out ({@link DecodePlan}).
 */
final class PacketIndex {
  final long[] pts;          // decode order, in the stream's time base
  final boolean[] key;
  final boolean[] disposable;
  final long[] sortedPts;    // presentation order: sortedPts[r] is the time of the frame of rank r
  private final AVRational timeBase;

  private PacketIndex(long[] pts, boolean[] key, boolean[] disposable, AVRational timeBase) {
    this.pts = pts;
    this.key = key;
    this.disposable = disposable;
    this.timeBase = timeBase;
    this.sortedPts = pts.clone();
    Arrays.sort(sortedPts);
  }

  int size() {
    return pts.length;
  }

  /** A time in the stream's time base as micros, rounded as JavaCV stamps a decoded frame. */
  long micros(long t) {
    return 1_000_000L * t * timeBase.num() / timeBase.den();
  }

  /** The presentation rank of the frame at {@code pts}, or -1 when no packet has that time. */
  int rank(long time) {
    int r = Arrays.binarySearch(sortedPts, time);
    return r >= 0 ? r : -1;
  }

  /** True when no two packets share a presentation time, so a time names one frame. */
  boolean distinctTimes() {
    for (int r = 1; r < sortedPts.length; r++) {
      if (sortedPts[r] == sortedPts[r - 1]) {
        return false;
      }
    }
    return true;
  }

  /** The first video stream, the one JavaCV's grabber decodes; -1 when there is none. */
  static int videoStream(AVFormatContext context) {
    for (int i = 0; i < context.nb_streams(); i++) {
      if (isVideo(context, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isVideo(AVFormatContext context, int stream) {
    return context.streams(stream).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO;
  }

  /** True when the file has more than one video stream: then which one a decoder takes is its own choice. */
  private static boolean severalVideoStreams(AVFormatContext context) {
    int first = videoStream(context);
    for (int i = first + 1; first >= 0 && i < context.nb_streams(); i++) {
      if (isVideo(context, i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Null when the file has no video stream or several, a packet has no time, or there are more than {@code maxPackets}
   * (the decode's own frame limit: the index must not grow without bound on a hostile file). Disposable is
   * false throughout for anything but H.264 in avcC.
   */
  static PacketIndex read(Path file, int maxPackets) throws FrameGrabber.Exception {
    try (FFmpegFrameGrabber grabber = VideoProbe.grabber(file)) {
      grabber.start(false); // the container's header says all the index needs: no stream probing, which decodes
      int stream = videoStream(grabber.getFormatContext());
      if (stream < 0 || severalVideoStreams(grabber.getFormatContext())) {
        return null;
      }
      AVRational timeBase = grabber.getFormatContext().streams(stream).time_base();
      int lengthSize = H264Nal.lengthSize(grabber.getFormatContext().streams(stream).codecpar());
      long[] pts = new long[256];
      boolean[] key = new boolean[256];
      boolean[] disposable = new boolean[256];
      int n = 0;
      for (AVPacket packet = grabber.grabPacket(); packet != null; packet = grabber.grabPacket()) {
        if (packet.stream_index() == stream) {
          if (packet.pts() == AV_NOPTS_VALUE || n >= maxPackets) {
            return null;
          }
          if (n == pts.length) {
            pts = Arrays.copyOf(pts, 2 * n);
            key = Arrays.copyOf(key, 2 * n);
            disposable = Arrays.copyOf(disposable, 2 * n);
          }
          pts[n] = packet.pts();
          key[n] = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
          disposable[n] = !key[n] && lengthSize > 0 && H264Nal.nonReference(packet.data(), packet.size(), lengthSize);
          n++;
        }
        av_packet_unref(packet);
      }
      return new PacketIndex(Arrays.copyOf(pts, n), Arrays.copyOf(key, n), Arrays.copyOf(disposable, n),
          new AVRational().num(timeBase.num()).den(timeBase.den()));
    }
  }
}
