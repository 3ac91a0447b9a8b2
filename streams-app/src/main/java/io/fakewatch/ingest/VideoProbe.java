package io.fakewatch.ingest;

import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import io.fakewatch.events.Status;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * Reads a video's container header — size, duration, codec — without decoding a frame, so that a
 * 3-hour or 16k×16k video is REJECTED before any frame buffer is allocated. Only container demuxers are
 * allowed (no HLS, concat or other formats that open further files) and only the local file protocol.
 */
public final class VideoProbe {
  /** Container demuxers FakeWatch opens; playlist formats (hls, concat, …) are never among them. */
  static final String FORMAT_WHITELIST = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,flv,mpegts,mpeg,ogg,asf";

  /** What the header says. */
  public record Header(int width, int height, long durationMicros, String codec) {}

  private VideoProbe() {}

  /** A grabber on a local video under the same whitelists as the probe (not started): every decode and demux pass opens one. */
  static org.bytedeco.javacv.FFmpegFrameGrabber grabber(Path file) {
    org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile());
    grabber.setOption("format_whitelist", FORMAT_WHITELIST);
    grabber.setOption("protocol_whitelist", "file");
    return grabber;
  }

  public static Header read(Path file) throws IngestFailure {
    AVFormatContext context = new AVFormatContext(null);
    AVDictionary options = new AVDictionary(null);
    av_dict_set(options, "format_whitelist", FORMAT_WHITELIST, 0);
    av_dict_set(options, "protocol_whitelist", "file", 0);
    int rc = avformat_open_input(context, file.toString(), null, options);
    av_dict_free(options);
    if (rc < 0) {
      throw new IngestFailure(Status.DECODE_ERROR, "NOT_A_VIDEO", "not a readable video container (FFmpeg error " + rc + ")");
    }
    try {
      AVStream stream = videoStream(context);
      if (stream == null || stream.codecpar().width() <= 0) {
        // some containers only know sizes after looking at packets
        if (avformat_find_stream_info(context, (AVDictionary) null) < 0) {
          throw new IngestFailure(Status.DECODE_ERROR, "NOT_A_VIDEO", "no stream information");
        }
        stream = videoStream(context);
      }
      if (stream == null) {
        throw new IngestFailure(Status.DECODE_ERROR, "NO_VIDEO_STREAM", "the file has no video stream");
      }
      AVCodecParameters codec = stream.codecpar();
      long duration = context.duration() > 0 ? context.duration() * 1_000_000L / AV_TIME_BASE
          : stream.duration() > 0 ? stream.duration() * 1_000_000L * stream.time_base().num() / stream.time_base().den()
          : -1;
      return new Header(codec.width(), codec.height(), duration, avcodec.avcodec_get_name(codec.codec_id()).getString());
    } finally {
      avformat_close_input(context);
    }
  }

  private static AVStream videoStream(AVFormatContext context) {
    for (int i = 0; i < context.nb_streams(); i++) {
      AVStream stream = context.streams(i);
      if (stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
        return stream;
      }
    }
    return null;
  }
}
