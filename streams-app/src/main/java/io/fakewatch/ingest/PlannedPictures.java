package io.fakewatch.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.fakewatch.events.Status;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The pictures of a video decoded from the grabber's packets with the packets a {@link DecodePlan} leaves out
 * never sent to the decoder. JavaCV's grabber reads and decodes in one call, so it cannot leave a packet out: this
 * reads through the grabber's demuxer and decodes with a decoder of its own, set up as the grabber sets up its
 * (the stream's parameters, threads chosen by FFmpeg), and converts a picture to BGR as JavaCV's
 * {@code processImage} does (swscale, bilinear, the picture's own size) — so a kept picture comes out bit for bit
 * as the grabber gives it ({@code DecodeSkipTest}).
 *
 * <p>Every picture the decoder gives is checked against the plan, and anything unforeseen — a picture the plan
 * does not account for, a decoder error, a change of size or pixel format — throws {@link Mismatch}: the caller
 * then decodes the whole video the ordinary way.
 */
final class PlannedPictures implements DecodedPictures {
  /** The decode went other than planned; nothing decoded so far may be used. */
  static final class Mismatch extends RuntimeException {
    Mismatch(String message) {
      super(message);
    }
  }

  /** AV_FRAME_FLAG_CORRUPT of libavutil/frame.h, a macro the JavaCPP presets do not map. */
  private static final int FRAME_FLAG_CORRUPT = 1;

  private final FFmpegFrameGrabber grabber;
  private final DecodePlan plan;
  private final int stream;
  private final AVCodecContext codec;
  private final AVFrame picture = av_frame_alloc();
  private SwsContext scaler;
  private Mat bgr;
  private Mat bgrRows;
  private int position;   // video packets read, in decode order
  private boolean flushed;
  private int rank = -1;
  private int decoded;
  private long timestamp;
  private int width;
  private int height;
  private int format = -1;

  PlannedPictures(FFmpegFrameGrabber grabber, DecodePlan plan) {
    this.grabber = grabber;
    this.plan = plan;
    this.stream = PacketIndex.videoStream(grabber.getFormatContext());
    AVCodecParameters parameters = grabber.getFormatContext().streams(stream).codecpar();
    AVCodec decoder = avcodec_find_decoder(parameters.codec_id());
    codec = decoder == null ? null : avcodec_alloc_context3(decoder);
    if (codec == null || avcodec_parameters_to_context(codec, parameters) < 0) {
      close();
      throw new Mismatch("no decoder for the stream");
    }
    codec.thread_count(0);
    if (avcodec_open2(codec, decoder, (AVDictionary) null) < 0) {
      close();
      throw new Mismatch("the decoder did not open");
    }
  }

  @Override
  public boolean next() {
    while (true) {
      int received = avcodec_receive_frame(codec, picture);
      if (received == 0) {
        accept();
        return true;
      }
      if (received == AVERROR_EOF()) {
        // the frames after the last one given must all have been left out, or some did not decode
        if (position != plan.frames() || !plan.onlyDroppedBetween(rank, plan.frames())) {
          throw new Mismatch("the decode ended at frame " + rank + " of " + plan.frames());
        }
        rank = plan.frames();
        return false;
      }
      if (received != AVERROR_EAGAIN() || flushed) {
        throw new Mismatch("the decoder failed (" + received + ") after frame " + rank);
      }
      send();
    }
  }

  /** Reads packets until one goes to the decoder (or the end of the file is signalled to it). */
  private void send() {
    while (true) {
      AVPacket packet = read();
      if (packet == null) {
        avcodec_send_packet(codec, null);
        flushed = true;
        return;
      }
      try {
        if (packet.stream_index() != stream) {
          continue;
        }
        if (position >= plan.frames()) {
          throw new Mismatch("more video packets than the index holds");
        }
        if (plan.drops(position++)) {
          continue;
        }
        int sent = avcodec_send_packet(codec, packet);
        if (sent < 0) {
          throw new Mismatch("the decoder refused packet " + (position - 1) + " (" + sent + ")");
        }
        return;
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  private AVPacket read() {
    try {
      return grabber.grabPacket();
    } catch (FrameGrabber.Exception e) {
      throw new Mismatch("reading packets failed: " + e.getMessage());
    }
  }

  /** Checks the picture just received against the plan and takes its rank and time. */
  private void accept() {
    decoded++;
    long pts = picture.best_effort_timestamp();
    // the time the packet carried, and the one JavaCV would stamp: a guessed time could name another frame
    if (pts == AV_NOPTS_VALUE || picture.pts() != pts) {
      throw new Mismatch("picture " + decoded + " has no certain time");
    }
    int next = plan.check(pts, rank);
    if (next < 0) {
      throw new Mismatch("picture at " + pts + " after frame " + rank + " is not the one planned");
    }
    if ((picture.flags() & FRAME_FLAG_CORRUPT) != 0 || picture.decode_error_flags() != 0) {
      throw new Mismatch("frame " + next + " decoded with errors");
    }
    if (format < 0) {
      width = picture.width();
      height = picture.height();
      format = picture.format();
    } else if (picture.width() != width || picture.height() != height || picture.format() != format) {
      throw new Mismatch("frame " + next + " changes size or pixel format");
    }
    rank = next;
    timestamp = plan.micros(pts);
  }

  @Override
  public int index() {
    return rank;
  }

  @Override
  public long timestampMicros() {
    return timestamp;
  }

  @Override
  public Mat bgr() throws IngestFailure {
    scaler = sws_getCachedContext(scaler, width, height, format, width, height, AV_PIX_FMT_BGR24, SWS_BILINEAR,
        null, null, (DoublePointer) null);
    if (scaler == null) {
      throw new IngestFailure(Status.DECODE_ERROR, "CONVERT", "colour conversion failed: no swscale context");
    }
    if (bgr == null) {
      // swscale's vector code writes a little past the end of a row whose bytes are no multiple of its width
      // (1080 px wide: heap corruption in the next allocation), so the picture gets a spare row behind it
      bgrRows = new Mat(height + 1, width, CV_8UC3);
      bgr = bgrRows.rowRange(0, height);
    }
    try (PointerPointer<?> source = new PointerPointer<>(picture);
         PointerPointer<?> target = new PointerPointer<>(bgr.data(), null, null, null);
         IntPointer strides = new IntPointer((int) bgr.step(), 0, 0, 0)) {
      sws_scale(scaler, source, picture.linesize(), 0, height, target, strides);
    }
    return bgr;
  }

  @Override
  public int decoded() {
    return decoded;
  }

  @Override
  public void close() {
    if (bgr != null) {
      bgr.close();
      bgrRows.close();
    }
    if (scaler != null) {
      sws_freeContext(scaler);
    }
    if (codec != null) {
      avcodec_free_context(codec);
    }
    av_frame_free(picture);
  }
}
