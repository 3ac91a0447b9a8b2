package io.fakewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.Frame;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.ingest.FetchDecodeIngestor;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.kafka.Topics;
import io.fakewatch.serde.VideoRequests;
import io.fakewatch.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectTopologyTest {
  private static FaceDetector detector;

  @BeforeAll
  static void open() {
    detector = DetectorProbe.open("yunet_s_640_640", 0.6);
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  /** Real frame batches of a shared video (sparse frames only), made by the ingest stage's own code. */
  static List<FrameBatch> batches(String videoId, String video) {
    FakeWatchConfig config = FakeWatchConfig.of(Map.of(IngestSettings.FILE_ROOTS, SharedData.videos().toString(),
        IngestSettings.CLIPS_PER_VIDEO, "0"));
    try (FetchDecodeIngestor ingestor = new FetchDecodeIngestor(IngestSettings.from(config))) {
      return ingestor.ingest(VideoRequests.of(videoId, SharedData.video(video).toUri().toString(), Instant.now())).batches();
    }
  }

  /** Real frame batches and clips of a shared video, as ingest sends them. */
  /** The records ingest makes of a shared video, its clips as packets (the default). */
  static List<FrameBatch> batchesWithClips(String videoId, String video) {
    return batchesWithClips(videoId, video, "packets");
  }

  /** @param clipTransport ingest.clip.transport: packets or jpeg */
  static List<FrameBatch> batchesWithClips(String videoId, String video, String clipTransport) {
    FakeWatchConfig config = FakeWatchConfig.of(Map.of(IngestSettings.FILE_ROOTS, SharedData.videos().toString(),
        IngestSettings.CLIP_TRANSPORT, clipTransport));
    try (FetchDecodeIngestor ingestor = new FetchDecodeIngestor(IngestSettings.from(config))) {
      return ingestor.ingest(VideoRequests.of(videoId, SharedData.video(video).toUri().toString(), Instant.now())).batches();
    }
  }

  private record Driver(TopologyTestDriver driver, TestInputTopic<String, FrameBatch> frames,
                        TestOutputTopic<String, SpecificRecord> crops, TestOutputTopic<String, DeadLetter> letters) {}

  private static Driver driver(Path stateDir) {
    FakeWatchConfig config = FakeWatchConfig.defaults();
    Topics topics = new Topics(config);
    Properties props = new Properties();
    props.put("state.dir", stateDir.toString());
    TopologyTestDriver driver = new TopologyTestDriver(DetectTopology.build(DetectSettings.from(config), topics, detector), props);
    return new Driver(driver,
        driver.createInputTopic(topics.frames.name(), topics.frames.keySerde().serializer(), topics.frames.valueSerde().serializer()),
        driver.createOutputTopic(topics.crops.name(), topics.crops.keySerde().deserializer(), topics.crops.valueSerde().deserializer()),
        driver.createOutputTopic(topics.deadLetters.name(), topics.deadLetters.keySerde().deserializer(),
            topics.deadLetters.valueSerde().deserializer()));
  }

  @Test
  void frameBatchesBecomeCropsAndOneManifest(@TempDir Path state) {
    Driver d = driver(state);
    try (TopologyTestDriver ignored = d.driver()) {
      List<FrameBatch> batches = batches("v1", "Deepfakes_c23_519_515.mp4");
      assertThat(batches).hasSize(4);
      batches.forEach(b -> d.frames().pipeInput("v1", b));
      List<SpecificRecord> out = d.crops().readValuesToList();
      assertThat(out).hasSize(5);
      List<FaceCrops> crops = out.subList(0, 4).stream().map(FaceCrops.class::cast).toList();
      CropManifest manifest = (CropManifest) out.get(4);
      int total = crops.stream().mapToInt(c -> c.getCrops().size()).sum();
      assertThat(manifest.getStatus()).isEqualTo(Status.OK);
      assertThat(manifest.getCropRecords()).isEqualTo(4);
      assertThat(manifest.getTotalCrops()).isEqualTo(total);
      assertThat(manifest.getSampledFrames()).isEqualTo(32);
      assertThat(manifest.getFramesWithFaces()).isGreaterThanOrEqualTo(29);
      assertThat(manifest.getTracks()).isNotEmpty();
      assertThat(manifest.getTracks().get(0).getCrops()).isGreaterThanOrEqualTo(29);
      assertThat(manifest.getDetector()).isEqualTo("yunet_s_640_640@2023mar");
      assertThat(manifest.getTimings()).containsKeys("ingest", "detect");
      var crop = crops.get(0).getCrops().get(0);
      // the crop is cut with its margin from the full frame, clamped to it, and is a real JPEG of that size
      assertThat(crop.getCropBox().getWidth()).isGreaterThan(crop.getBox().getWidth() * 1.5f);
      assertThat(crop.getCropBox().getX() + crop.getCropBox().getWidth()).isLessThanOrEqualTo(640f);
      try (Mat image = opencv_imgcodecs.imdecode(new Mat(new BytePointer(bytes(crop.getJpeg()))), opencv_imgcodecs.IMREAD_COLOR)) {
        assertThat(image.cols()).isEqualTo(crop.getWidth());
        assertThat(image.rows()).isEqualTo(crop.getHeight());
      }
      assertThat(d.letters().isEmpty()).isTrue();
    }
  }

  @Test
  void errorsPassThroughAndBadFramesAreDeadLettered(@TempDir Path state) {
    Driver d = driver(state);
    try (TopologyTestDriver ignored = d.driver()) {
      FrameBatch failed = FrameBatch.newBuilder().setVideoId("bad").setUri("file:///x.mp4").setRequestedAt(Instant.now())
          .setBatchIndex(0).setLast(true).setStatus(Status.DECODE_ERROR).setError("TRUNCATED: cut").build();
      d.frames().pipeInput("bad", failed);
      CropManifest passed = (CropManifest) d.crops().readValue();
      assertThat(passed.getStatus()).isEqualTo(Status.DECODE_ERROR);
      assertThat(passed.getError()).isEqualTo("TRUNCATED: cut");

      // no face anywhere, and one frame that is not a JPEG at all
      List<Frame> frames = new ArrayList<>();
      try (Mat blank = new Mat(360, 640, opencv_core.CV_8UC3, new Scalar(40, 160, 90, 0)); BytePointer jpeg = new BytePointer()) {
        opencv_imgcodecs.imencode(".jpg", blank, jpeg);
        byte[] bytes = new byte[(int) jpeg.limit()];
        jpeg.get(bytes);
        for (int i = 0; i < 4; i++) {
          frames.add(Frame.newBuilder().setIndex(i * 10).setTimestampMicros(i * 400_000L).setWidth(640).setHeight(360)
              .setJpeg(ByteBuffer.wrap(bytes)).build());
        }
      }
      frames.add(Frame.newBuilder().setIndex(40).setTimestampMicros(1_600_000L).setWidth(640).setHeight(360)
          .setJpeg(ByteBuffer.wrap(new byte[] {1, 2, 3})).build());
      d.frames().pipeInput("empty", FrameBatch.newBuilder().setVideoId("empty").setUri("file:///e.mp4")
          .setRequestedAt(Instant.now()).setBatchIndex(0).setLast(true).setSampledFrames(5).setFrames(frames).build());
      List<SpecificRecord> out = d.crops().readValuesToList();
      assertThat(out).hasSize(2);
      assertThat(((FaceCrops) out.get(0)).getCrops()).isEmpty();
      CropManifest manifest = (CropManifest) out.get(1);
      assertThat(manifest.getStatus()).isEqualTo(Status.NO_FACES);
      assertThat(manifest.getFramesWithoutFaces()).isEqualTo(5);
      assertThat(d.letters().readValue().getReason()).isEqualTo("MALFORMED_FRAME");
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
