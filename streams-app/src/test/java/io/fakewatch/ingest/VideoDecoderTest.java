package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoDecoderTest {
  private static final int N = 32;

  private static VideoDecoder decoder(Path root) {
    return new VideoDecoder(TestVideos.settings(Map.of(), root));
  }

  @Test
  void everyLabelledVideoYieldsEvenlySpacedUprightFrames() throws Exception {
    VideoDecoder decoder = decoder(SharedData.videos());
    for (String name : SharedData.labels().keySet()) {
      Path video = SharedData.video(name);
      VideoProbe.Header header = VideoProbe.read(video);
      List<SampledFrame> frames = new ArrayList<>();
      var info = decoder.decode(video, 0, frames::add);
      assertThat(frames).as(name).hasSize(N);
      assertThat(info.getWidth()).as(name).isEqualTo(header.width());
      assertThat(info.getHeight()).as(name).isEqualTo(header.height());
      for (SampledFrame frame : frames) {
        assertThat(frame.width()).as(name).isEqualTo(info.getWidth());
        assertThat(frame.height()).as(name).isEqualTo(info.getHeight());
      }
      // the JPEG really holds a frame of that size
      try (Mat decoded = opencv_imgcodecs.imdecode(new Mat(new BytePointer(frames.get(5).jpeg())), opencv_imgcodecs.IMREAD_COLOR)) {
        assertThat(decoded.cols()).as(name).isEqualTo(info.getWidth());
        assertThat(decoded.rows()).as(name).isEqualTo(info.getHeight());
      }
      // spread over the whole video, in order
      long duration = info.getDurationMicros();
      assertThat(frames.get(0).timestampMicros()).as(name).isLessThan(duration / 16);
      assertThat(frames.get(N - 1).timestampMicros()).as(name).isGreaterThan(duration * 15 / 16 - 100_000);
      for (int i = 1; i < N; i++) {
        assertThat(frames.get(i).index()).isGreaterThan(frames.get(i - 1).index());
        assertThat(frames.get(i).timestampMicros()).isGreaterThan(frames.get(i - 1).timestampMicros());
      }
    }
  }

  @Test
  void convertingOnlySampledPicturesGivesTheSamePixelsAsConvertingEveryPicture() throws Exception {
    // the reference: JavaCV's grabImage(), which converts every decoded picture to BGR
    Path video = SharedData.video("abofeumbvv.mp4");
    List<SampledFrame> frames = decoder(SharedData.videos()).sample(video);
    try (org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(video.toFile());
         org.bytedeco.javacv.OpenCVFrameConverter.ToMat converter = new org.bytedeco.javacv.OpenCVFrameConverter.ToMat()) {
      grabber.start();
      int index = 0;
      int compared = 0;
      for (org.bytedeco.javacv.Frame frame = grabber.grabImage(); frame != null && compared < 3; frame = grabber.grabImage(), index++) {
        SampledFrame sampled = frames.get(compared);
        if (index != sampled.index()) {
          continue;
        }
        // same pixels in, same JPEG out (a landscape video: no rotation), restart markers as ingest writes them
        try (BytePointer jpeg = new BytePointer()) {
          opencv_imgcodecs.imencode(".jpg", converter.convert(frame), jpeg,
              new org.bytedeco.javacpp.IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 95,
                  opencv_imgcodecs.IMWRITE_JPEG_RST_INTERVAL, FrameEncoder.restartInterval(frame.imageWidth)));
          byte[] bytes = new byte[(int) jpeg.limit()];
          jpeg.get(bytes);
          assertThat(bytes).as("frame %d", index).isEqualTo(sampled.jpeg());
        }
        compared++;
      }
      assertThat(compared).isEqualTo(3);
    }
  }

  @Test
  void portraitVideosComeOutPortrait() throws Exception {
    VideoDecoder decoder = decoder(SharedData.videos());
    for (String name : List.of("brtujopkby.mp4", "yhffcuhhjy.mp4")) {
      List<SampledFrame> frames = decoder.sample(SharedData.video(name));
      assertThat(frames.get(0).height()).as(name).isGreaterThan(frames.get(0).width());
    }
  }

  @Test
  void theDfdcPerturbationsStillDecode(@TempDir Path dir) throws Exception {
    Path source = SharedData.video("orig_youtube_c23_004.mp4"); // 1280x720, 25 fps, 12 s
    Path fps15 = TestVideos.reencode(source, dir.resolve("fps15.mp4"), 15, 1.0, 2_000_000, 400);
    Path quarter = TestVideos.reencode(source, dir.resolve("quarter.mp4"), 25, 0.25, 300_000, 400);
    Path lowQuality = TestVideos.reencode(source, dir.resolve("lowq.mp4"), 25, 1.0, 150_000, 400);
    VideoDecoder decoder = decoder(dir);
    var info15 = decoder.decode(fps15, 0, f -> { });
    assertThat(info15.getFps()).isEqualTo(15.0);
    assertThat(decoder.sample(fps15)).hasSize(N);
    List<SampledFrame> small = decoder.sample(quarter);
    assertThat(small).hasSize(N).allSatisfy(f -> {
      assertThat(f.width()).isEqualTo(320);
      assertThat(f.height()).isEqualTo(180);
    });
    List<SampledFrame> blocky = decoder.sample(lowQuality);
    assertThat(blocky).hasSize(N);
    assertThat(blocky.get(10).jpeg().length).as("low bit rate: less detail to encode").isLessThan(
        decoder.sample(source).get(10).jpeg().length);
  }

  @Test
  void aVideoShorterThanNGivesAllItsFrames(@TempDir Path dir) throws Exception {
    Path tiny = TestVideos.reencode(SharedData.video("orig_youtube_c23_004.mp4"), dir.resolve("tiny.mp4"), 25, 0.25, 300_000, 10);
    assertThat(decoder(dir).sample(tiny)).hasSize(10);
  }

  @Test
  void theSamplerTakesEachFrameOnceAndCoversTheDuration() {
    FrameSampler sampler = new FrameSampler(4, 4_000_000); // targets at 0, 1, 2, 3 s
    List<Long> taken = new ArrayList<>();
    for (long t = 0; t < 4_000_000; t += 400_000) { // 2.5 fps
      if (sampler.take(t)) {
        taken.add(t);
      }
    }
    assertThat(taken).containsExactly(0L, 1_200_000L, 2_000_000L, 3_200_000L);
    // a gap (variable frame rate) that jumps over two targets yields one frame, not a duplicate
    FrameSampler gappy = new FrameSampler(4, 4_000_000);
    assertThat(gappy.take(0)).isTrue();
    assertThat(gappy.take(300_000)).isFalse();
    assertThat(gappy.take(2_600_000)).isTrue();
    assertThat(gappy.take(3_600_000)).isTrue();
    assertThat(gappy.done()).isTrue();
  }

  @Test
  void rotationFromTheDisplayMatrix() {
    assertThat(io.fakewatch.media.Upright.clockwiseDegrees(0)).isZero();
    assertThat(io.fakewatch.media.Upright.clockwiseDegrees(-90)).isEqualTo(90);
    assertThat(io.fakewatch.media.Upright.clockwiseDegrees(90)).isEqualTo(270);
    assertThat(io.fakewatch.media.Upright.clockwiseDegrees(180)).isEqualTo(180);
    assertThat(io.fakewatch.media.Upright.clockwiseDegrees(-180)).isEqualTo(180);
  }
}
