package io.fakewatch.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.Box;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.CropScore;
import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.FaceCrop;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.Status;
import io.fakewatch.kafka.Topics;
import io.fakewatch.models.ModelManifest;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreTopologyTest {
  static FaceCrops crops(String videoId, int batch, byte[]... jpegs) {
    List<FaceCrop> list = new ArrayList<>();
    for (int i = 0; i < jpegs.length; i++) {
      list.add(FaceCrop.newBuilder().setFrameIndex(batch * 10 + i).setTrackId(i % 2).setBox(new Box(0f, 0f, 10f, 10f))
          .setCropBox(new Box(0f, 0f, 20f, 20f)).setDetectorScore(0.9f).setWidth(256).setHeight(256)
          .setJpeg(ByteBuffer.wrap(jpegs[i])).build());
    }
    return FaceCrops.newBuilder().setVideoId(videoId).setUri("file:///" + videoId).setRequestedAt(Instant.now())
        .setBatchIndex(batch).setCrops(list).setTimings(Map.of("ingest", 5L, "detect", 7L)).build();
  }

  static byte[] image(String name) throws Exception {
    return Files.readAllBytes(SharedData.image(name));
  }

  @Test
  void eachFaceCropsRecordBecomesOneCropScoreAndTheManifestFollows(@TempDir Path cache) throws Exception {
    FakeWatchConfig config = FakeWatchConfig.defaults();
    Topics topics = new Topics(config);
    ModelStore store = new ModelStore(ModelManifest.load(null), cache, SharedData.modelMirror());
    try (OnnxCropClassifier classifier = ScoreStage.open(ScoreSettings.from(config), store, new OnnxSettings("cpu", 0, 1, "run", "all"));
         TopologyTestDriver driver = new TopologyTestDriver(ScoreTopology.build(topics, classifier), new Properties())) {
      TestInputTopic<String, SpecificRecord> in = driver.createInputTopic(topics.crops.name(),
          topics.crops.keySerde().serializer(), topics.crops.valueSerde().serializer());
      TestOutputTopic<String, SpecificRecord> out = driver.createOutputTopic(topics.scores.name(),
          topics.scores.keySerde().deserializer(), topics.scores.valueSerde().deserializer());
      TestOutputTopic<String, DeadLetter> letters = driver.createOutputTopic(topics.deadLetters.name(),
          topics.deadLetters.keySerde().deserializer(), topics.deadLetters.valueSerde().deserializer());

      in.pipeInput("v", crops("v", 0, image("mesonet_df00204.jpg"), image("mesonet_real00240.jpg")));
      in.pipeInput("v", crops("v", 1));
      in.pipeInput("v", crops("v", 2, image("mesonet_real00772.jpg"), new byte[] {9, 9, 9}));
      in.pipeInput("v", CropManifest.newBuilder().setVideoId("v").setUri("file:///v").setRequestedAt(Instant.now())
          .setStatus(Status.OK).setCropRecords(3).setTotalCrops(4).build());

      List<SpecificRecord> results = out.readValuesToList();
      assertThat(results).hasSize(4);
      CropScore first = (CropScore) results.get(0);
      assertThat(first.getBatchIndex()).isZero();
      assertThat(first.getScores()).hasSize(2);
      assertThat(first.getScores().get(0).getFakeProbability()).isGreaterThan(0.5f);
      assertThat(first.getScores().get(1).getFakeProbability()).isLessThan(0.5f);
      assertThat(first.getScores().get(1).getTrackId()).isEqualTo(1);
      assertThat(first.getModels()).containsExactly("meso4_df@2018-keras");
      assertThat(first.getProvider()).isEqualTo("cpu");
      assertThat(first.getTimings()).containsKeys("ingest", "detect", "score");
      assertThat(((CropScore) results.get(1)).getScores()).isEmpty();
      CropScore third = (CropScore) results.get(2);
      assertThat(third.getScores()).hasSize(2);
      assertThat(third.getScores().get(1).getFakeProbability()).isEqualTo(0.5f); // the broken crop: neutral
      assertThat(results.get(3)).isInstanceOf(CropManifest.class);
      assertThat(letters.readValuesToList()).extracting(DeadLetter::getReason).containsExactly("MALFORMED_CROP");
    }
  }
}
