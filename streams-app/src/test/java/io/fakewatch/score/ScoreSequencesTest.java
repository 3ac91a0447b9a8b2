package io.fakewatch.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.Abstention;
import io.fakewatch.events.BlockScore;
import io.fakewatch.events.LandmarkSequences;
import io.fakewatch.events.SequenceScores;
import io.fakewatch.events.TrackSequence;
import io.fakewatch.kafka.Topics;
import io.fakewatch.models.ModelManifest;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.serde.AvroJson;
import io.fakewatch.temporal.LrnetClassifier;
import io.fakewatch.temporal.TemporalSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clip's landmark sequences through the score stage with the real LRNet models: one block per 30 frames. */
class ScoreSequencesTest {
  @Test
  void eachClipBecomesOneSequenceScoresWithABlockPerTrackOrItsAbstention(@TempDir Path cache) throws Exception {
    FakeWatchConfig config = FakeWatchConfig.defaults();
    Topics topics = new Topics(config);
    ModelStore store = new ModelStore(ModelManifest.load(null), cache, SharedData.modelMirror());
    OnnxSettings cpu = new OnnxSettings("cpu", 0, 1, "run", "all");
    // the reference block of shared/models/temporal: its 30 calibrated, normalised frames and expected mix
    JsonNode reference = AvroJson.MAPPER.readTree(SharedData.require(
        "models/temporal/reference_FaceSwap_c23_634_660.json").toFile()).get("lrnet_block_test");
    List<Float> block = new ArrayList<>();
    reference.get("g1_input").forEach(row -> row.forEach(v -> block.add((float) v.asDouble())));
    double expectedMix = reference.get("expected_mix_ffpp").isArray() ? reference.get("expected_mix_ffpp").get(0).asDouble()
        : reference.get("expected_mix_ffpp").asDouble();
    try (OnnxCropClassifier frames = ScoreStage.open(ScoreSettings.from(config), store, cpu);
         LrnetClassifier lrnet = LrnetClassifier.open(TemporalSettings.from(config), store, cpu);
         TopologyTestDriver driver = new TopologyTestDriver(ScoreTopology.build(topics, frames, lrnet), new Properties())) {
      TestInputTopic<String, SpecificRecord> in = driver.createInputTopic(topics.crops.name(),
          topics.crops.keySerde().serializer(), topics.crops.valueSerde().serializer());
      TestOutputTopic<String, SpecificRecord> out = driver.createOutputTopic(topics.scores.name(),
          topics.scores.keySerde().deserializer(), topics.scores.valueSerde().deserializer());
      LandmarkSequences clip = LandmarkSequences.newBuilder().setVideoId("v").setUri("file:///v").setRequestedAt(Instant.now())
          .setClipIndex(2).setStartFrame(100).setFrames(30).setSequences(List.of(
              TrackSequence.newBuilder().setTrackId(0).setStartFrame(100).setEndFrame(129).setStartMicros(4_000_000L)
                  .setEndMicros(5_160_000L).setFrames(30).setLandmarkFrames(30).setLandmarks(block).build(),
              TrackSequence.newBuilder().setTrackId(1).setStartFrame(100).setEndFrame(129).setStartMicros(4_000_000L)
                  .setEndMicros(5_160_000L).setFrames(0).setAbstainReason("face lost at frame 103").build()))
          .build();
      in.pipeInput("v", clip);
      SequenceScores scores = (SequenceScores) out.readValue();
      assertThat(scores.getClipIndex()).isEqualTo(2);
      assertThat(scores.getModels()).hasSize(2).allSatisfy(m -> assertThat(m).startsWith("lrnet_g"));
      assertThat(scores.getBlocks()).hasSize(1);
      BlockScore only = scores.getBlocks().get(0);
      assertThat(only.getTrackId()).isZero();
      assertThat(only.getClipIndex()).isEqualTo(2);
      assertThat(only.getStartFrame()).isEqualTo(100);
      assertThat(only.getEndFrame()).isEqualTo(129);
      assertThat(only.getEndMicros()).isEqualTo(5_160_000L);
      assertThat((double) only.getFakeProbability()).isCloseTo(expectedMix, within(1e-4));
      assertThat(only.getModelProbabilities()).hasSize(2);
      assertThat(scores.getAbstentions()).extracting(Abstention::getReason).containsExactly("face lost at frame 103");
    }
  }
}
