package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;

import io.fakewatch.events.ClipSegment;
import io.fakewatch.media.ClipSegmentDecoder;
import io.fakewatch.media.PictureConverter;
import io.fakewatch.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The lossless clip transport: each clip cut as the source's packets and decoded on its own gives, pixel for
 * pixel, the frames a straight decode of the whole video gives — for a 1080p DFDC video (clips 90 and 180
 * decode from the keyframe at 0, clip 270 from the one at 250) and a 751-frame FF++ video with
 * four keyframes. A segment that claims frames it cannot give, or bytes that are not a container, fail clearly.
 */
class ClipPacketsTest {
  private static final int LENGTH = 30;

  @Test
  void eachClipsPacketsDecodeToExactlyTheFramesOfAStraightDecode() throws Exception {
    for (String name : List.of("abqwwspghj.mp4", "Deepfakes_c23_519_515.mp4")) {
      Path video = SharedData.video(name);
      Clips clips = Clips.of(video, "packets");
      Map<Integer, ClipSegment> segments = clips.segments();
      Map<Integer, List<SampledFrame>> clipFrames = clips.frames();
      assertThat(segments.keySet()).as(name).containsExactlyInAnyOrder(0, 1, 2, 3);
      Map<Integer, Mat> straight = straightDecode(video, clipFrames);
      for (Map.Entry<Integer, ClipSegment> e : segments.entrySet()) {
        List<SampledFrame> described = clipFrames.get(e.getKey());
        assertThat(described).as(name).hasSize(LENGTH).allMatch(f -> f.jpeg().length == 0);
        List<Mat> decoded = ClipSegmentDecoder.decode(e.getValue(), LENGTH);
        for (int i = 0; i < LENGTH; i++) {
          Mat expected = straight.get(described.get(i).index());
          assertThat(decoded.get(i).cols()).isEqualTo(expected.cols());
          assertThat(decoded.get(i).rows()).isEqualTo(expected.rows());
          try (Mat diff = new Mat()) {
            absdiff(decoded.get(i), expected, diff);
            assertThat(countNonZero(diff.reshape(1))).as("%s clip %d frame %d", name, e.getKey(), described.get(i).index())
                .isZero();
          }
        }
        System.out.printf("%s clip %d: frames %d-%d, %d decoded before it, %d KB%n", name, e.getKey(),
            described.get(0).index(), described.get(LENGTH - 1).index(), e.getValue().getSkipFrames(),
            e.getValue().getContainer().remaining() / 1024);
        decoded.forEach(Mat::close);
      }
      straight.values().forEach(Mat::close);
    }
  }

  @Test
  void aSegmentThatCannotGiveTheClipFailsWithWhatItGave() throws Exception {
    Path video = SharedData.video("FaceSwap_c23_634_660.mp4");
    ClipSegment first = Clips.of(video, "packets").segments().get(0);
    ClipSegment claimsTooMuch = ClipSegment.newBuilder(first).setSkipFrames(first.getSkipFrames() + 400).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClipSegmentDecoder.decode(claimsTooMuch, LENGTH))
        .isInstanceOf(ClipSegmentDecoder.Failure.class).hasMessageContaining("gave 0 of 30 frames");
    ClipSegment garbage = ClipSegment.newBuilder(first).setContainer(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClipSegmentDecoder.decode(garbage, LENGTH))
        .isInstanceOf(ClipSegmentDecoder.Failure.class);
  }

  @Test
  void jpegTransportSendsNoSegments() throws Exception {
    Path video = SharedData.video("FaceSwap_c23_634_660.mp4");
    Clips clips = Clips.of(video, "jpeg");
    assertThat(clips.segments()).isEmpty();
    assertThat(clips.frames().values().stream().flatMap(List::stream)).hasSize(4 * LENGTH).allMatch(f -> f.jpeg().length > 0);
  }

  /** What the decoder hands a clip sink for a video, with ingest.clip.transport {@code transport}. */
  private record Clips(Map<Integer, List<SampledFrame>> frames, Map<Integer, ClipSegment> segments) {
    static Clips of(Path video, String transport) throws IngestFailure {
      ClipCollector collected = new ClipCollector();
      new VideoDecoder(TestVideos.settings(Map.of(IngestSettings.CLIP_TRANSPORT, transport), SharedData.videos()))
          .decode(video, 0, f -> {}, collected);
      return new Clips(collected.frames(), collected.segments());
    }
  }

  /** The clips' frames as ingest's own grabber and colour conversion give them, decoding the whole file in order. */
  private static Map<Integer, Mat> straightDecode(Path video, Map<Integer, List<SampledFrame>> clips) throws Exception {
    java.util.Set<Integer> wanted = new java.util.HashSet<>();
    clips.values().forEach(list -> list.forEach(f -> wanted.add(f.index())));
    Map<Integer, Mat> out = new HashMap<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
         OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
      grabber.start();
      PictureConverter pictures = new PictureConverter(grabber);
      int index = 0;
      for (Frame frame = pictures.grab(); frame != null; frame = pictures.grab(), index++) {
        if (wanted.contains(index)) {
          Mat bgr = converter.convert(pictures.convert(frame));
          Mat upright = io.fakewatch.media.Upright.turn(bgr, io.fakewatch.media.Upright.clockwiseDegrees(grabber.getDisplayRotation()));
          out.put(index, upright == bgr ? bgr.clone() : upright);
        }
      }
    }
    return out;
  }
}
