package io.fakewatch.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.models.ModelManifest;
import io.fakewatch.models.ModelSpec;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxModel;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.temporal.SequenceClassifier.BlockResult;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LRNet's four ONNX files on the prototype's reference block (FaceSwap_c23_634_660, frames 0..29). */
class LrnetClassifierTest {
  private static final OnnxSettings CPU = new OnnxSettings("cpu", 0, 1, "run", "all");

  private static JsonNode reference() throws Exception {
    return new ObjectMapper().readTree(SharedData.require("models/temporal/reference_FaceSwap_c23_634_660.json")
        .toFile()).get("lrnet_block_test");
  }

  private static float[] rows(JsonNode rows) {
    float[] out = new float[rows.size() * SequenceClassifier.FEATURES];
    for (int t = 0; t < rows.size(); t++) {
      for (int f = 0; f < SequenceClassifier.FEATURES; f++) {
        out[t * SequenceClassifier.FEATURES + f] = (float) rows.get(t).get(f).asDouble();
      }
    }
    return out;
  }

  private static LrnetClassifier open(Path cache, String models) {
    ModelStore store = new ModelStore(ModelManifest.load(null), cache, SharedData.modelMirror());
    return LrnetClassifier.open(TemporalSettings.from(FakeWatchConfig.of(Map.of(TemporalSettings.MODELS, models))),
        store, CPU);
  }

  @Test
  void theFourModelsReproduceThePrototypesProbabilitiesAndMixes(@TempDir Path cache) throws Exception {
    JsonNode ref = reference();
    float[] block = rows(ref.get("g1_input"));
    // the reference g2 input is what the classifier must derive itself from the block
    float[] g2 = rows(ref.get("g2_input"));
    for (int i = 0; i < g2.length; i++) {
      assertThat(block[i + SequenceClassifier.FEATURES] - block[i]).isCloseTo(g2[i], within(1e-6f));
    }
    try (LrnetClassifier ffpp = open(cache, "lrnet_g1_ffpp,lrnet_g2_ffpp");
         LrnetClassifier dfo = open(cache, "lrnet_g1_dfo,lrnet_g2_dfo")) {
      BlockResult f = ffpp.score(List.of(block))[0];
      BlockResult d = dfo.score(List.of(block))[0];
      JsonNode expected = ref.get("expected_prob");
      assertThat((double) f.modelProbabilities()[0]).isCloseTo(expected.get("g1_ffpp").get(1).asDouble(), within(1e-4));
      assertThat((double) f.modelProbabilities()[1]).isCloseTo(expected.get("g2_ffpp").get(1).asDouble(), within(1e-4));
      assertThat((double) d.modelProbabilities()[0]).isCloseTo(expected.get("g1_dfo").get(1).asDouble(), within(1e-4));
      assertThat((double) d.modelProbabilities()[1]).isCloseTo(expected.get("g2_dfo").get(1).asDouble(), within(1e-4));
      assertThat((double) f.mix()).isCloseTo(ref.get("expected_mix_ffpp").asDouble(), within(1e-4));
      assertThat((double) d.mix()).isCloseTo(ref.get("expected_mix_dfo").asDouble(), within(1e-4));
      assertThat(ffpp.modelIds()).containsExactly("lrnet_g1_ffpp@9a172a0-ffpp", "lrnet_g2_ffpp@9a172a0-ffpp");
      assertThat(dfo.modelIds()).containsExactly("lrnet_g1_dfo@9a172a0-dfo", "lrnet_g2_dfo@9a172a0-dfo");
      assertThat(ffpp.provider()).isEqualTo("cpu");
      System.out.printf("LRNet |Java - prototype|: g1_ffpp %.2e g2_ffpp %.2e g1_dfo %.2e g2_dfo %.2e mix_ffpp %.2e mix_dfo %.2e%n",
          Math.abs(f.modelProbabilities()[0] - expected.get("g1_ffpp").get(1).asDouble()),
          Math.abs(f.modelProbabilities()[1] - expected.get("g2_ffpp").get(1).asDouble()),
          Math.abs(d.modelProbabilities()[0] - expected.get("g1_dfo").get(1).asDouble()),
          Math.abs(d.modelProbabilities()[1] - expected.get("g2_dfo").get(1).asDouble()),
          Math.abs(f.mix() - ref.get("expected_mix_ffpp").asDouble()), Math.abs(d.mix() - ref.get("expected_mix_dfo").asDouble()));
    }
  }

  @Test
  void aBatchScoresEachBlockAsItWouldAlone(@TempDir Path cache) throws Exception {
    float[] block = rows(reference().get("g1_input"));
    float[] reversed = new float[block.length];
    float[] shrunk = new float[block.length];
    for (int t = 0; t < SequenceClassifier.FRAMES; t++) {
      System.arraycopy(block, t * SequenceClassifier.FEATURES, reversed,
          (SequenceClassifier.FRAMES - 1 - t) * SequenceClassifier.FEATURES, SequenceClassifier.FEATURES);
    }
    for (int i = 0; i < block.length; i++) {
      shrunk[i] = 0.8f * block[i];
    }
    List<float[]> blocks = List.of(block, reversed, shrunk);
    try (LrnetClassifier lrnet = open(cache, "lrnet_g1_ffpp,lrnet_g2_ffpp")) {
      BlockResult[] batch = lrnet.score(blocks);
      assertThat(batch).hasSize(3);
      for (int b = 0; b < 3; b++) {
        BlockResult alone = lrnet.score(List.of(blocks.get(b)))[0];
        assertThat(batch[b].mix()).as("block %d", b).isCloseTo(alone.mix(), within(1e-6f));
        assertThat(batch[b].modelProbabilities()).containsExactly(alone.modelProbabilities(), within(1e-6f));
        assertThat(batch[b].mix()).isCloseTo((alone.modelProbabilities()[0] + alone.modelProbabilities()[1]) / 2, within(1e-6f));
      }
      // the three inputs really differ, so equal results would mean the batch was not laid out per block
      assertThat(batch[0].modelProbabilities()[0]).isNotCloseTo(batch[2].modelProbabilities()[0], within(1e-5f));
      assertThat(batch[0].modelProbabilities()[1]).isNotCloseTo(batch[1].modelProbabilities()[1], within(1e-5f));
      assertThat(lrnet.score(List.of())).isEmpty();
      assertThatThrownBy(() -> lrnet.score(List.of(new float[136]))).hasMessageContaining("expected 30x136");
    }
  }

  @Test
  void theManifestCheckWantsRank3ForSequencesAndRank4ForImages(@TempDir Path cache) {
    ModelStore store = new ModelStore(ModelManifest.load(null), cache, SharedData.modelMirror());
    ModelSpec g1 = store.manifest().find("lrnet_g1_ffpp");
    Path file = store.resolve(g1);
    ModelSpec.Input asImage = new ModelSpec.Input("landmarks", "NCHW", 136, 30, false, "RGB", 1, new double[3], new double[] {1, 1, 1});
    ModelSpec wrong = new ModelSpec(g1.name(), g1.version(), g1.role(), g1.file(), null, g1.sha256(), g1.bytes(),
        g1.license(), asImage, g1.output(), g1.card());
    assertThatThrownBy(() -> OnnxModel.open(wrong, file, CPU)).hasMessageContaining("input rank 3, expected 4");
    ModelSpec.Input wrongWidth = new ModelSpec.Input("landmarks", "NTC", 68, 30, false, "none", 1, new double[1], new double[] {1});
    ModelSpec narrow = new ModelSpec(g1.name(), g1.version(), g1.role(), g1.file(), null, g1.sha256(), g1.bytes(),
        g1.license(), wrongWidth, g1.output(), g1.card());
    assertThatThrownBy(() -> OnnxModel.open(narrow, file, CPU)).hasMessageContaining("136 features");
    // and an image model whose entry claims a sequence is refused the other way round
    ModelSpec meso = store.manifest().find("meso4_df");
    ModelSpec mesoAsSequence = new ModelSpec(meso.name(), meso.version(), meso.role(), meso.file(), null, meso.sha256(),
        meso.bytes(), meso.license(), new ModelSpec.Input("input", "NTC", 256, 256, false, "none", 1, new double[1],
        new double[] {1}), meso.output(), meso.card());
    assertThatThrownBy(() -> OnnxModel.open(mesoAsSequence, store.resolve(meso), CPU))
        .hasMessageContaining("input rank 4, expected 3");
  }

  @Test
  void aNonTemporalModelIsRefusedByName(@TempDir Path cache) {
    assertThatThrownBy(() -> open(cache, "lrnet_g1_ffpp,meso4_df"))
        .hasMessageContaining("meso4_df is a classifier, not a temporal-classifier");
  }
}
