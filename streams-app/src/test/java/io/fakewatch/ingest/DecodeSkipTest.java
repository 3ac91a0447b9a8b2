package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;

import io.fakewatch.events.ClipSegment;
import io.fakewatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest.decode.skip=nonref leaves pictures out of the decode and changes nothing that comes out: on a 1080p DFDC
 * video and a 751-frame FF++ video, every picture the planned decode gives is pixel for pixel the grabber's
 * picture of the same index and time, the sampled frames, clip frames and clip segments are byte for byte those
 * of skip=none — and the decoder really gave fewer pictures. A video the plan cannot vouch for (another codec,
 * a damaged reference picture) is decoded in full, with the same result as skip=none.
 */
class DecodeSkipTest {
  // brtujopkby: 1080 px wide, where swscale once wrote past the picture buffer and corrupted the heap
  private static final List<String> VIDEOS = List.of("abqwwspghj.mp4", "Deepfakes_c23_519_515.mp4", "brtujopkby.mp4");

  @Test
  void everyPictureThePlannedDecodeGivesIsTheFullDecodesPictureOfThatIndex() throws Exception {
    IngestSettings settings = settings("none", "packets");
    for (String name : VIDEOS) {
      Path video = SharedData.video(name);
      long duration = VideoProbe.read(video).durationMicros();
      PacketIndex index = PacketIndex.read(video, settings.maxFramesDecoded());
      DecodePlan plan = DecodePlan.of(index, settings.framesPerVideo(), duration,
          new ClipSampler(settings.clipsPerVideo(), settings.clipFrames(), index.size()));
      assertThat(plan).as(name).isNotNull();
      int compared = 0;
      try (FFmpegFrameGrabber a = started(video); FFmpegFrameGrabber b = started(video);
           PlannedPictures planned = new PlannedPictures(a, plan); GrabbedPictures full = new GrabbedPictures(b)) {
        while (planned.next()) {
          while (full.next() && full.index() < planned.index()) {
            // pictures the plan left out
          }
          assertThat(full.index()).as(name).isEqualTo(planned.index());
          assertThat(planned.timestampMicros()).as("%s frame %d", name, planned.index()).isEqualTo(full.timestampMicros());
          Mat expected = full.bgr();
          Mat actual = planned.bgr();
          assertThat(actual.cols()).isEqualTo(expected.cols());
          assertThat(actual.rows()).isEqualTo(expected.rows());
          try (Mat diff = new Mat()) {
            absdiff(actual, expected, diff);
            assertThat(countNonZero(diff.reshape(1))).as("%s frame %d", name, planned.index()).isZero();
          }
          compared++;
        }
        assertThat(planned.index()).as(name).isEqualTo(index.size());
        assertThat(planned.decoded()).as(name).isEqualTo(compared).isEqualTo(index.size() - plan.dropped());
      }
      System.out.printf("%s: %d of %d pictures decoded, all equal to the full decode's%n", name, compared, index.size());
      assertThat(plan.dropped()).as(name).isGreaterThan(index.size() / 4);
    }
  }

  @Test
  void sampledFramesClipsAndSegmentsAreByteIdenticalWithSkippingOnAndOff() throws Exception {
    for (String name : VIDEOS) {
      Path video = SharedData.video(name);
      for (String transport : List.of("jpeg", "packets")) {
        Output off = Output.of(video, "none", transport);
        Output on = Output.of(video, "nonref", transport);
        String what = name + " clips as " + transport;
        assertThat(off.decoded()).as(what).hasSize(1);
        assertThat(on.decoded()).as(what + ": one planned decode, no fall-back").hasSize(1);
        assertThat(on.decoded().get(0)).as(what + ": pictures decoded").isLessThan(off.decoded().get(0) * 3 / 4);
        assertThat(off.frames()).as(what).hasSize(32);
        assertSame(what, on.frames(), off.frames());
        assertThat(on.clips().frames().keySet()).as(what).containsExactly(0, 1, 2, 3);
        for (int clip : off.clips().frames().keySet()) {
          assertSame(what + " clip " + clip, on.clips().frames().get(clip), off.clips().frames().get(clip));
        }
        assertThat(on.clips().segments().keySet()).as(what).isEqualTo(off.clips().segments().keySet());
        for (Map.Entry<Integer, ClipSegment> e : off.clips().segments().entrySet()) {
          assertThat(on.clips().segments().get(e.getKey())).as(what + " segment " + e.getKey()).isEqualTo(e.getValue());
        }
        System.out.printf("%s: %d of %d pictures decoded%n", what, on.decoded().get(0), off.decoded().get(0));
      }
    }
  }

  @Test
  void aVideoThePlanCannotVouchForIsDecodedInFull(@TempDir Path dir) throws Exception {
    // MPEG-4 part 2: no nal_ref_idc to go by, so no plan
    Path mpeg4 = TestVideos.reencode(SharedData.video("abofeumbvv.mp4"), dir.resolve("mpeg4.mp4"), 15, 0.25, 400_000, 60);
    Output plain = Output.of(mpeg4, "nonref", "packets");
    assertThat(plain.decoded()).containsExactly(Output.of(mpeg4, "none", "packets").decoded().get(0));
    // a damaged reference picture: the planned decode meets it, gives up, and the whole video is decoded again
    Path damaged = damageReferencePicture(SharedData.video("Deepfakes_c23_519_515.mp4"), dir.resolve("damaged.mp4"));
    Output off = Output.of(damaged, "none", "jpeg");
    Output on = Output.of(damaged, "nonref", "jpeg");
    assertThat(on.decoded()).as("a planned attempt, then the full decode").hasSize(2);
    assertThat(on.decoded().get(1)).isEqualTo(off.decoded().get(0));
    assertSame("damaged", on.frames(), off.frames());
    for (int clip : off.clips().frames().keySet()) {
      assertSame("damaged clip " + clip, on.clips().frames().get(clip), off.clips().frames().get(clip));
    }
  }

  private static void assertSame(String what, List<SampledFrame> actual, List<SampledFrame> expected) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      SampledFrame a = actual.get(i);
      SampledFrame e = expected.get(i);
      assertThat(a.index()).as("%s #%d index", what, i).isEqualTo(e.index());
      assertThat(a.timestampMicros()).as("%s #%d time", what, i).isEqualTo(e.timestampMicros());
      assertThat(a.width()).isEqualTo(e.width());
      assertThat(a.height()).isEqualTo(e.height());
      assertThat(a.jpeg()).as("%s frame %d JPEG", what, e.index()).isEqualTo(e.jpeg());
    }
  }

  /** What a decode hands over, and the pictures the decoder gave in each attempt. */
  private record Output(List<SampledFrame> frames, ClipCollector clips, List<Integer> decoded) {
    static Output of(Path video, String skip, String transport) throws IngestFailure {
      List<Integer> decoded = new ArrayList<>();
      List<SampledFrame> frames = new ArrayList<>();
      ClipCollector clips = new ClipCollector();
      new VideoDecoder(settings(skip, transport), decoded::add).decode(video, 0, frames::add, clips);
      return new Output(frames, clips, decoded);
    }
  }

  private static IngestSettings settings(String skip, String transport) {
    return TestVideos.settings(Map.of(IngestSettings.DECODE_SKIP, skip, IngestSettings.CLIP_TRANSPORT, transport),
        SharedData.videos());
  }

  private static FFmpegFrameGrabber started(Path video) throws Exception {
    FFmpegFrameGrabber grabber = VideoProbe.grabber(video);
    grabber.start();
    return grabber;
  }

  /** A copy with bytes in the middle of a P picture halfway through the video overwritten. */
  private static Path damageReferencePicture(Path video, Path target) throws Exception {
    PacketIndex index = PacketIndex.read(video, 100_000);
    int victim = index.size() / 2;
    while (index.key[victim] || index.disposable[victim]) {
      victim++;
    }
    long position;
    int size;
    try (FFmpegFrameGrabber grabber = started(video)) {
      int stream = PacketIndex.videoStream(grabber.getFormatContext());
      AVPacket packet = grabber.grabPacket();
      for (int seen = 0; packet.stream_index() != stream || seen++ < victim; packet = grabber.grabPacket()) {
        // up to the victim, the video packets counted in decode order as the index counts them
      }
      position = packet.pos();
      size = packet.size();
    }
    byte[] bytes = Files.readAllBytes(video);
    for (int i = size / 3; i < size / 3 + 64; i++) {
      bytes[(int) position + i] = (byte) 0x5a;
    }
    return Files.write(target, bytes);
  }
}
