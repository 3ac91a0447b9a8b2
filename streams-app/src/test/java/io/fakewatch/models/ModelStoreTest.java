package io.fakewatch.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fakewatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  private static final ModelManifest MANIFEST = ModelManifest.load(null);

  @Test
  void fetchesFromTheMirrorByFileNameAndVerifies(@TempDir Path cache) throws Exception {
    ModelStore store = new ModelStore(MANIFEST, cache, SharedData.modelMirror());
    Path file = store.resolve("meso4_df");
    assertThat(file).startsWith(cache).hasFileName("meso4_DF.onnx");
    assertThat(ModelStore.sha256(file)).isEqualTo(MANIFEST.find("meso4_df").sha256());
    // a second resolve uses the verified cache, even with no mirror at all
    assertThat(new ModelStore(MANIFEST, cache, null).resolve("meso4_df")).isEqualTo(file);
  }

  @Test
  void aCorruptFileIsRefusedWithBothHashes(@TempDir Path cache, @TempDir Path mirror) throws Exception {
    byte[] bytes = Files.readAllBytes(SharedData.require("models/classifier/meso4_DF.onnx"));
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(mirror.resolve("meso4_DF.onnx"), bytes);
    ModelStore store = new ModelStore(MANIFEST, cache, mirror);
    assertThatThrownBy(() -> store.resolve("meso4_df"))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("meso4_DF.onnx")
        .hasMessageContaining(MANIFEST.find("meso4_df").sha256())
        .hasMessageContaining("refusing");
    assertThat(cache.resolve("meso4_df").resolve("meso4_DF.onnx")).doesNotExist();
  }

  @Test
  void aCorruptCachedFileIsFetchedAgain(@TempDir Path cache) throws Exception {
    ModelStore store = new ModelStore(MANIFEST, cache, SharedData.modelMirror());
    Path file = store.resolve("yunet_s_640_640");
    Files.write(file, new byte[] {1, 2, 3});
    assertThat(ModelStore.sha256(store.resolve("yunet_s_640_640"))).isEqualTo(MANIFEST.find("yunet_s_640_640").sha256());
  }

  @Test
  void aModelWithNoUrlAndNoMirrorSaysWhereToGetIt(@TempDir Path cache) {
    assertThatThrownBy(() -> new ModelStore(MANIFEST, cache, null).resolve("meso4_f2f"))
        .hasMessageContaining("no download URL").hasMessageContaining("FAKEWATCH_MODEL_MIRROR");
    assertThatThrownBy(() -> MANIFEST.find("effnet_b9")).hasMessageContaining("no model named 'effnet_b9'");
  }

  @Test
  void theTemporalModelsComeFromTheMirrorsSubfolderAndVerify(@TempDir Path cache) throws Exception {
    ModelStore store = new ModelStore(MANIFEST, cache, SharedData.modelMirror());
    for (String name : java.util.List.of("mediapipe_face_landmark68", "lrnet_g1_ffpp", "lrnet_g2_ffpp", "lrnet_g1_dfo", "lrnet_g2_dfo")) {
      ModelSpec spec = MANIFEST.find(name);
      Path file = store.resolve(spec);
      assertThat(ModelStore.sha256(file)).as(name).isEqualTo(spec.sha256());
      assertThat(Files.size(file)).as(name).isEqualTo(spec.bytes());
    }
    assertThat(MANIFEST.find("lrnet_g2_dfo").input().ntc()).isTrue();
    assertThat(MANIFEST.find("lrnet_g2_dfo").input().height()).isEqualTo(29);
    assertThat(MANIFEST.find("mediapipe_face_landmark68").input().rank()).isEqualTo(4);
  }

  @Test
  void aBenchmarkOnlyModelServesOnlyWhenAllowed(@TempDir Path cache) {
    ModelSpec b4 = MANIFEST.find("efficientnet_b4_random");
    assertThat(b4.benchmarkOnly()).isTrue();
    assertThat(MANIFEST.find("meso4_df").benchmarkOnly()).isFalse();
    assertThatThrownBy(() -> new ModelStore(MANIFEST, cache, null).requireServable("efficientnet_b4_random"))
        .hasMessageContaining("benchmark-only").hasMessageContaining("--allow-benchmark-models")
        .hasMessageContaining("models.allow.benchmark");
    assertThat(new ModelStore(MANIFEST, cache, null, true).requireServable("efficientnet_b4_random")).isEqualTo(b4);
    assertThat(new ModelStore(MANIFEST, cache, null).requireServable("meso4_df").name()).isEqualTo("meso4_df");
  }
}
