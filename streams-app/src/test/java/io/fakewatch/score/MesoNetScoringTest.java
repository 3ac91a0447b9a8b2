package io.fakewatch.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.models.ModelManifest;
import io.fakewatch.models.ModelStore;
import io.fakewatch.onnx.OnnxSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meso4 through the manifest and the mirror, on MesoNet's own test crops. */
class MesoNetScoringTest {
  private static final List<String> CROPS = List.of("mesonet_df00204.jpg", "mesonet_df01254.jpg",
      "mesonet_real00240.jpg", "mesonet_real00772.jpg");
  /** prob_real published in ../shared/models/README.md for the DF model, same order. */
  private static final double[] README_PROB_REAL = {0.048, 0.025, 0.990, 0.997};

  private static List<byte[]> crops() throws Exception {
    return CROPS.stream().map(name -> {
      try {
        return Files.readAllBytes(SharedData.image(name));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static OnnxCropClassifier classifier(Path cache, Map<String, String> extra) {
    ModelStore store = new ModelStore(ModelManifest.load(null), cache, SharedData.modelMirror());
    return ScoreStage.open(ScoreSettings.from(FakeWatchConfig.of(extra)), store, new OnnxSettings("cpu", 0, 1, "run", "all"));
  }

  @Test
  void deepfakeCropsScoreFakeAndRealCropsReal(@TempDir Path cache) throws Exception {
    try (OnnxCropClassifier meso = classifier(cache, Map.of())) {
      float[] logits = meso.fakeLogits(crops());
      double[] fake = new double[4];
      for (int i = 0; i < 4; i++) {
        fake[i] = Logits.sigmoid(logits[i]);
      }
      assertThat(fake[0]).isGreaterThan(0.5);
      assertThat(fake[1]).isGreaterThan(0.5);
      assertThat(fake[2]).isLessThan(0.5);
      assertThat(fake[3]).isLessThan(0.5);
      // close to the published outputs (our resize of the 208–342 px crops differs from Keras' a little)
      for (int i = 0; i < 4; i++) {
        assertThat(1 - fake[i]).as(CROPS.get(i)).isCloseTo(README_PROB_REAL[i], within(0.03));
      }
      assertThat(meso.modelIds()).containsExactly("meso4_df@2018-keras");
      assertThat(meso.provider()).isEqualTo("cpu");
    }
  }

  @Test
  void thePublishedFakeProbabilityIsTheComplementOfTheModelsRealOutput(@TempDir Path cache) throws Exception {
    try (OnnxCropClassifier meso = classifier(cache, Map.of())) {
      float[] logits = meso.fakeLogits(crops());
      // the raw session on the very same tensor, read directly
      CropTensor tensor = new CropTensor(new ModelStore(ModelManifest.load(null), cache, SharedData.modelMirror())
          .manifest().find("meso4_df").input());
      tensor.fill(crops());
      Path model = cache.resolve("meso4_df").resolve("meso4_DF.onnx");
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions());
           OnnxTensor input = OnnxTensor.createTensor(env, tensor.buffer(), tensor.shape(4));
           OrtSession.Result result = session.run(Map.of("input", input))) {
        float[][] probReal = (float[][]) result.get("prob_real").orElseThrow().getValue();
        for (int i = 0; i < 4; i++) {
          assertThat(Logits.sigmoid(logits[i])).isCloseTo(1 - probReal[i][0], within(1e-5));
        }
      }
    }
  }

  @Test
  void anEnsembleIsTheWeightedMeanOfFakeLogits(@TempDir Path cache) throws Exception {
    List<byte[]> crops = crops();
    float[] df;
    float[] f2f;
    float[] both;
    try (OnnxCropClassifier a = classifier(cache, Map.of("score.models", "meso4_df"));
         OnnxCropClassifier b = classifier(cache, Map.of("score.models", "meso4_f2f"));
         OnnxCropClassifier ensemble = classifier(cache, Map.of("score.models", "meso4_df,meso4_f2f", "score.weights", "2,1"))) {
      df = a.fakeLogits(crops);
      f2f = b.fakeLogits(crops);
      both = ensemble.fakeLogits(crops);
      assertThat(ensemble.modelIds()).containsExactly("meso4_df@2018-keras", "meso4_f2f@2018-keras");
    }
    for (int i = 0; i < crops.size(); i++) {
      assertThat(df[i]).isNotEqualTo(f2f[i]); // two different models, or the test proves nothing
      assertThat(both[i]).isCloseTo((2 * df[i] + f2f[i]) / 3, within(1e-4f));
    }
  }

  @Test
  void mirroredTtaAveragesBothViewsAndABadCropIsNaN(@TempDir Path cache) throws Exception {
    List<byte[]> crops = new java.util.ArrayList<>(crops());
    crops.add(new byte[] {1, 2, 3});
    try (OnnxCropClassifier plain = classifier(cache, Map.of());
         OnnxCropClassifier tta = classifier(cache, Map.of("score.tta.hflip", "true"))) {
      float[] p = plain.fakeLogits(crops);
      float[] t = tta.fakeLogits(crops);
      assertThat(p[4]).isNaN();
      assertThat(t[4]).isNaN();
      for (int i = 0; i < 4; i++) {
        assertThat(Math.signum(t[i])).isEqualTo(Math.signum(p[i]));
      }
      assertThat(t[0]).isNotEqualTo(p[0]);
    }
  }
}
