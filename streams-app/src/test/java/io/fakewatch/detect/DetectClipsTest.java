package io.fakewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.Frame;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.LandmarkSequences;
import io.fakewatch.events.TrackSequence;
import io.fakewatch.kafka.Topics;
import io.fakewatch.media.Jpeg;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.temporal.LandmarkSettings;
import io.fakewatch.temporal.LrnetSequencer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clips through the detect stage with the real landmark model: sequences out, a clip without a face, two faces. */
class DetectClipsTest {
  private static FaceDetector detector;
  private static LrnetSequencer sequencer;

  @BeforeAll
  static void open() {
    detector = DetectorProbe.open("yunet_s_640_640", 0.6);
    FakeWatchConfig config = FakeWatchConfig.defaults();
    sequencer = LrnetSequencer.open(LandmarkSettings.from(config), DetectorProbe.store(),
        new OnnxSettings("cpu", 0, 1, "run", "all"), detector);
  }

  @AfterAll
  static void close() {
    sequencer.close();
    detector.close();
  }

  private record Driver(TopologyTestDriver driver, TestInputTopic<String, FrameBatch> frames,
                        TestOutputTopic<String, SpecificRecord> out) {}

  private static Driver driver(Path state) {
    FakeWatchConfig config = FakeWatchConfig.defaults();
    Topics topics = new Topics(config);
    Properties props = new Properties();
    props.put("state.dir", state.toString());
    TopologyTestDriver driver = new TopologyTestDriver(
        DetectTopology.build(DetectSettings.from(config), topics, detector, sequencer), props);
    return new Driver(driver,
        driver.createInputTopic(topics.frames.name(), topics.frames.keySerde().serializer(), topics.frames.valueSerde().serializer()),
        driver.createOutputTopic(topics.crops.name(), topics.crops.keySerde().deserializer(), topics.crops.valueSerde().deserializer()));
  }

  @Test
  void aRealVideosClipsBecomeOneNormalisedSequencePerClipAndTheManifestCountsThem(@TempDir Path state) {
    List<FrameBatch> records = DetectTopologyTest.batchesWithClips("v", "FaceSwap_c23_634_660.mp4");
    assertThat(records.stream().filter(b -> b.getClipIndex() >= 0)).hasSize(4)
        .allMatch(b -> b.getClipSegment() != null && b.getFrames().get(0).getJpeg().remaining() == 0);
    Driver d = driver(state);
    try (TopologyTestDriver ignored = d.driver()) {
      records.forEach(r -> d.frames().pipeInput("v", r));
      List<SpecificRecord> out = d.out().readValuesToList();
      List<LandmarkSequences> clips = out.stream().filter(LandmarkSequences.class::isInstance).map(LandmarkSequences.class::cast).toList();
      CropManifest manifest = (CropManifest) out.get(out.size() - 1);
      assertThat(clips).hasSize(4);
      assertThat(manifest.getSequenceRecords()).isEqualTo(4);
      assertThat(manifest.getTotalSequences()).isEqualTo(4);
      assertThat(manifest.getLandmarker()).startsWith("mediapipe_face_landmark68@");
      assertThat(manifest.getTimings()).containsKeys("detect", "detect.temporal");
      int sparseTrack = manifest.getTracks().get(0).getTrackId();
      for (LandmarkSequences clip : clips) {
        assertThat(clip.getReason()).isNull();
        TrackSequence sequence = clip.getSequences().get(0);
        // the face of the sparse frames' track, followed through 30 frames
        assertThat(sequence.getTrackId()).isEqualTo(sparseTrack);
        assertThat(sequence.getFrames()).isEqualTo(30);
        assertThat(sequence.getLandmarks()).hasSize(30 * 136);
        assertThat(sequence.getEndFrame() - sequence.getStartFrame()).isEqualTo(29);
        // LRNet's normalised space: integer pixels of a 400 px crop, (p − 200) / 200
        for (float v : sequence.getLandmarks()) {
          assertThat(v).isBetween(-1.5f, 1.5f);
          assertThat(Math.abs(v * 200 - Math.rint(v * 200))).isLessThan(1e-3);
        }
      }
    }
  }

  @Test
  void aClipWithoutAFaceSaysSoAndTwoFacesGiveTwoSequences(@TempDir Path state) {
    // frames this test can redraw: the clip as JPEG
    List<FrameBatch> records = DetectTopologyTest.batchesWithClips("v", "FaceSwap_c23_634_660.mp4", "jpeg");
    FrameBatch realClip = records.stream().filter(b -> b.getClipIndex() == 1).findFirst().orElseThrow();
    Driver d = driver(state);
    try (TopologyTestDriver ignored = d.driver()) {
      d.frames().pipeInput("blank", clip("blank", realClip, DetectClipsTest::blank));
      LandmarkSequences none = (LandmarkSequences) d.out().readValue();
      assertThat(none.getSequences()).isEmpty();
      assertThat(none.getReason()).startsWith("no face on the clip's first frame");

      // the same real clip, each frame beside its mirror image: two moving faces
      d.frames().pipeInput("two", clip("two", realClip, DetectClipsTest::besideItsMirror));
      LandmarkSequences two = (LandmarkSequences) d.out().readValue();
      assertThat(two.getSequences()).hasSize(2);
      assertThat(two.getSequences()).extracting(TrackSequence::getTrackId).doesNotHaveDuplicates();
      assertThat(two.getSequences()).allSatisfy(s -> assertThat(s.getLandmarks()).hasSize(30 * 136));
      // mirrored faces: the x of one is near the negation of the other's mirror, so the two differ
      assertThat(two.getSequences().get(0).getLandmarks()).isNotEqualTo(two.getSequences().get(1).getLandmarks());
    }
  }

  @Test
  void aClipWhosePacketsDoNotDecodeAbstainsWithTheReason(@TempDir Path state) {
    FrameBatch clip = DetectTopologyTest.batchesWithClips("v", "FaceSwap_c23_634_660.mp4").stream()
        .filter(b -> b.getClipIndex() == 2).findFirst().orElseThrow();
    ByteBuffer container = clip.getClipSegment().getContainer();
    byte[] cut = new byte[container.remaining() / 3]; // the first third: the clip's later frames are missing
    container.duplicate().get(cut);
    FrameBatch truncated = FrameBatch.newBuilder(clip).setVideoId("cut").setLast(false)
        .setClipSegment(io.fakewatch.events.ClipSegment.newBuilder(clip.getClipSegment()).setContainer(ByteBuffer.wrap(cut)).build())
        .build();
    Driver d = driver(state);
    try (TopologyTestDriver ignored = d.driver()) {
      d.frames().pipeInput("cut", truncated);
      LandmarkSequences none = (LandmarkSequences) d.out().readValue();
      assertThat(none.getSequences()).isEmpty();
      assertThat(none.getReason()).contains("the clip's packets");
    }
  }

  private interface Transform {
    Mat apply(Mat frame);
  }

  private static FrameBatch clip(String videoId, FrameBatch source, Transform transform) {
    List<Frame> frames = new ArrayList<>();
    for (Frame frame : source.getFrames()) {
      byte[] jpeg = new byte[frame.getJpeg().remaining()];
      frame.getJpeg().duplicate().get(jpeg);
      try (Mat image = Jpeg.decode(jpeg, opencv_imgcodecs.IMREAD_COLOR); Mat changed = transform.apply(image);
           BytePointer out = new BytePointer()) {
        opencv_imgcodecs.imencode(".jpg", changed, out);
        byte[] bytes = new byte[(int) out.limit()];
        out.get(bytes);
        frames.add(Frame.newBuilder(frame).setWidth(changed.cols()).setHeight(changed.rows())
            .setJpeg(ByteBuffer.wrap(bytes)).build());
      }
    }
    return FrameBatch.newBuilder(source).setVideoId(videoId).setRequestedAt(Instant.now()).setLast(false)
        .setFrames(frames).build();
  }

  private static Mat blank(Mat frame) {
    return new Mat(frame.rows(), frame.cols(), opencv_core.CV_8UC3, new Scalar(90, 120, 60, 0));
  }

  private static Mat besideItsMirror(Mat frame) {
    Mat small = new Mat();
    opencv_imgproc.resize(frame, small, new Size(frame.cols() / 2 + frame.cols() / 4, frame.rows() / 2 + frame.rows() / 4));
    Mat mirrored = new Mat();
    opencv_core.flip(small, mirrored, 1);
    Mat both = new Mat();
    opencv_core.hconcat(new MatVector(small, mirrored), both);
    small.close();
    mirrored.close();
    return both;
  }
}
