package io.fakewatch.ingest;

import io.fakewatch.events.ClipSegment;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoInfo;
import io.fakewatch.media.Upright;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a local video with JavaCV/FFmpeg and hands over N sampled frames (and K clips of consecutive
 * frames for the temporal model) as upright JPEGs. Sequential
 * decode, not a seek per frame: at 1080p a frame-accurate seek costs 8–67 ms, about 20 decoded frames,
 * and the shared videos have 300–900 frames, so 32 seeks cost more than reading through
 * (docs/benchmarks.md). The grabber reuses its frame buffer, so each frame is encoded before the next grab.
 * With {@code ingest.decode.skip=nonref} the H.264 pictures that nothing references and nothing samples are not
 * decoded at all ({@link DecodePlan}); the frames that come out, their indexes and times are those of the full decode.
 */
public final class VideoDecoder {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VideoDecoder.class);
  private final IngestSettings settings;
  private final FrameEncoder encoder;
  private final IntConsumer decodedPictures;

  public VideoDecoder(IngestSettings settings) {
    this(settings, count -> {});
  }

  /** Tells {@code decodedPictures} how many pictures the decoder gave for each video (tests: skipping skips). */
  VideoDecoder(IngestSettings settings, IntConsumer decodedPictures) {
    this.settings = settings;
    this.encoder = new FrameEncoder(settings);
    this.decodedPictures = decodedPictures;
  }

  /**
   * Receives the frames of clip number {@code clip}, one at a time in decode order. A clip that travels as the
   * source's packets (ingest.clip.transport=packets) gets frames without JPEG and, after its last frame, its
   * segment; one whose packets turned out not to match the decode gets no segment and is left out.
   */
  @FunctionalInterface
  public interface ClipSink {
    void accept(int clip, SampledFrame frame);

    default void segment(int clip, ClipSegment segment) {}
  }

  /** Sparse frames only (benchmarks and tests of the frame path): no clips are decoded. */
  public VideoInfo decode(Path file, long bytes, Consumer<SampledFrame> sink) throws IngestFailure {
    return decode(file, bytes, sink, null);
  }

  /**
   * Checks the header against the limits, then decodes and passes each sampled frame to {@code sink} and,
   * when {@code clips} is not null, every frame of the clips ({@code ingest.clips.per.video} runs of
   * {@code ingest.clip.frames} consecutive frames) to {@code clips}. A frame in both is encoded once at the
   * sparse quality. The decode time-out is checked after every frame, so it can be overrun by one frame's
   * decode and encode — bounded, since the header check caps the pixels of a frame.
   */
  public VideoInfo decode(Path file, long bytes, Consumer<SampledFrame> sink, ClipSink clips) throws IngestFailure {
    long deadline = System.nanoTime() + settings.decodeTimeout().toNanos();
    VideoProbe.Header header = VideoProbe.read(file);
    checkLimits(header);
    if (settings.skipsNonReference()) {
      // held back until the planned decode is known to have gone as planned; else all of it is done again in full
      DeferredOutput held = new DeferredOutput(sink, clips);
      try {
        VideoInfo info = decode(file, bytes, header, deadline, true, held::frame, clips == null ? null : held);
        held.release();
        return info;
      } catch (PlannedPictures.Mismatch e) {
        LOG.warn("{}: decoding every picture, the planned decode went otherwise: {}", file.getFileName(), e.getMessage());
      }
    }
    return decode(file, bytes, header, deadline, false, sink, clips);
  }

  private VideoInfo decode(Path file, long bytes, VideoProbe.Header header, long deadline, boolean skip,
      Consumer<SampledFrame> sink, ClipSink clips) throws IngestFailure {
    try (FFmpegFrameGrabber grabber = VideoProbe.grabber(file)) {
      start(grabber);
      int rotation = Upright.clockwiseDegrees(grabber.getDisplayRotation());
      boolean sideways = rotation == 90 || rotation == 270;
      int uprightWidth = sideways ? header.height() : header.width();
      int uprightHeight = sideways ? header.width() : header.height();
      long duration = header.durationMicros() > 0 ? header.durationMicros() : grabber.getLengthInTime();
      FrameSampler sampler = new FrameSampler(settings.framesPerVideo(), duration);
      ClipSampler clipSampler = new ClipSampler(clips == null ? 0 : settings.clipsPerVideo(), settings.clipFrames(),
          estimatedFrames(grabber, duration));
      boolean clipsAsPackets = clips != null && settings.clipsAsPackets();
      PacketIndex packets = skip || clipsAsPackets ? index(file) : null;
      Map<Integer, ClipPackets.Cut> cuts = clipsAsPackets ? cut(file, packets, clipSampler, rotation) : new HashMap<>();
      DecodePlan plan = skip ? DecodePlan.of(packets, settings.framesPerVideo(), duration, clipSampler) : null;
      // a clip's packets must give the frames this decode gives: each frame's time is checked against the cut
      long tolerance = grabber.getFrameRate() > 0 ? (long) (250_000 / grabber.getFrameRate()) : 1000;
      int sampled = 0;
      long startTimestamp = Long.MIN_VALUE;
      long lastTimestamp = 0;
      int index;
      DecodedPictures pictures = plan == null ? new GrabbedPictures(grabber) : new PlannedPictures(grabber, plan);
      try (pictures) {
        for (boolean more = pictures.next(); more && !(sampler.done() && clipSampler.done(pictures.index()));
             more = pictures.next()) {
          index = pictures.index();
          if (index >= settings.maxFramesDecoded()) {
            throw new IngestFailure(Status.REJECTED, "TOO_MANY_FRAMES", "more than " + settings.maxFramesDecoded() + " frames");
          }
          if (System.nanoTime() - deadline > 0) {
            throw new IngestFailure(Status.DECODE_ERROR, "DECODE_TIMEOUT", "not decoded within " + settings.decodeTimeout()
                + " (" + index + " frames, " + sampled + " sampled)");
          }
          if (startTimestamp == Long.MIN_VALUE) {
            startTimestamp = pictures.timestampMicros();
          }
          long timestamp = pictures.timestampMicros() - startTimestamp;
          lastTimestamp = timestamp;
          boolean sparse = sampler.take(timestamp);
          List<Integer> inClips = clipSampler.clipsOf(index);
          boolean jpegClip = false;
          for (int clip : inClips) {
            ClipPackets.Cut cut = cuts.get(clip);
            int offset = index - clipSampler.start(clip);
            if (cut != null && cut != CUT_FAILED && Math.abs(cut.relativeMicros()[offset] - timestamp) > tolerance) {
              cut = offset == 0 ? null : CUT_FAILED; // at the clip's first frame it falls back to JPEG; later, it is left out
              cuts.put(clip, cut);
            }
            jpegClip |= cut == null;
          }
          SampledFrame picture = sparse || jpegClip ? encode(pictures.bgr(), rotation, index, timestamp, sparse) : null;
          if (sparse) {
            sink.accept(picture);
            sampled++;
          }
          for (int clip : inClips) {
            ClipPackets.Cut cut = cuts.get(clip);
            clips.accept(clip, cut == null ? picture : new SampledFrame(index, timestamp, uprightWidth, uprightHeight, NO_JPEG));
            if (cut != null && cut != CUT_FAILED && index == clipSampler.start(clip) + settings.clipFrames() - 1) {
              clips.segment(clip, cut.segment());
            }
          }
        }
        index = pictures.index(); // frames met; at the end of the video, all of them
      } finally {
        decodedPictures.accept(pictures.decoded());
      }
      if (sampled == 0) {
        throw new IngestFailure(Status.DECODE_ERROR, "NO_FRAMES", "no frame could be decoded");
      }
      // frames ran out well before the duration the header promises: a cut-off file, not a short video
      if (!sampler.done() && duration > 0 && lastTimestamp < 0.9 * duration && index > settings.framesPerVideo()) {
        throw new IngestFailure(Status.DECODE_ERROR, "TRUNCATED", "frames end at " + lastTimestamp / 1000
            + " ms of a " + duration / 1000 + " ms video");
      }
      return VideoInfo.newBuilder()
          .setWidth(uprightWidth)
          .setHeight(uprightHeight)
          .setFps(grabber.getFrameRate())
          .setDurationMicros(duration)
          .setCodec(header.codec())
          .setRotation(rotation)
          .setFrameCount(grabber.getLengthInVideoFrames())
          .setBytes(bytes)
          .build();
    } catch (FrameGrabber.Exception e) {
      throw new IngestFailure(Status.DECODE_ERROR, "DECODE", "FFmpeg cannot decode the video: " + e.getMessage(), e);
    }
  }

  private static final byte[] NO_JPEG = new byte[0];
  /** A clip whose packets stopped matching the decode part-way: its earlier frames have no JPEG, so it is left out. */
  private static final ClipPackets.Cut CUT_FAILED = new ClipPackets.Cut(null, new long[0]);

  /** The packet index of the file, or null (then no plan and no packet clips) when it cannot be read. */
  private PacketIndex index(Path file) {
    try {
      return PacketIndex.read(file, settings.maxFramesDecoded());
    } catch (FrameGrabber.Exception | RuntimeException e) {
      LOG.warn("no packet index: every picture is decoded and clips travel as JPEG ({})", e.toString());
      return null;
    }
  }

  private Map<Integer, ClipPackets.Cut> cut(Path file, PacketIndex packets, ClipSampler clipSampler, int rotation) {
    int[] starts = new int[clipSampler.clips()];
    for (int k = 0; k < starts.length; k++) {
      starts[k] = clipSampler.start(k);
    }
    try {
      return ClipPackets.cut(file, packets, starts, settings.clipFrames(), rotation,
          settings.maxMessageBytes() - FrameBatcher.HEADROOM_BYTES);
    } catch (FrameGrabber.Exception | RuntimeException e) {
      LOG.warn("clips travel as JPEG: their packets could not be cut ({})", e.toString());
      return new HashMap<>();
    }
  }

  /** The container's frame count, else duration × frame rate: where the clips go, decided before decoding. */
  private static long estimatedFrames(FFmpegFrameGrabber grabber, long durationMicros) {
    long declared = grabber.getLengthInVideoFrames();
    if (declared > 0) {
      return declared;
    }
    double fps = grabber.getFrameRate();
    return fps > 0 && durationMicros > 0 ? (long) (durationMicros / 1e6 * fps) : 0;
  }

  private void checkLimits(VideoProbe.Header header) throws IngestFailure {
    long pixels = (long) header.width() * header.height();
    if (pixels > settings.maxPixels()) {
      throw new IngestFailure(Status.REJECTED, "TOO_MANY_PIXELS",
          header.width() + "x" + header.height() + " is over the limit of " + settings.maxPixels() + " pixels per frame");
    }
    if (header.durationMicros() > settings.maxDuration().toNanos() / 1000) {
      throw new IngestFailure(Status.REJECTED, "TOO_LONG",
          header.durationMicros() / 1_000_000 + " s is over the limit of " + settings.maxDuration().toSeconds() + " s");
    }
  }

  private SampledFrame encode(Mat bgr, int rotation, int index, long timestamp, boolean sparse) throws IngestFailure {
    return sparse ? encoder.sampled(bgr, rotation, index, timestamp) : encoder.clipFrame(bgr, rotation, index, timestamp);
  }

  private static void start(FFmpegFrameGrabber grabber) throws IngestFailure {
    try {
      grabber.start();
    } catch (FFmpegFrameGrabber.Exception e) {
      throw new IngestFailure(Status.DECODE_ERROR, "NOT_A_VIDEO", "FFmpeg cannot open the video: " + e.getMessage(), e);
    }
  }

  /** Decodes every sampled frame into a list (tests and benchmarks). */
  public List<SampledFrame> sample(Path file) throws IngestFailure {
    List<SampledFrame> frames = new ArrayList<>();
    decode(file, file.toFile().length(), frames::add);
    return frames;
  }
}
