package io.fakewatch.testing;

import io.fakewatch.config.ConfigKeys;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Config for tests that run the whole pipeline: models from the shared mirror, light ONNX threading, one clip. */
public final class PipelineTestSettings {
  private PipelineTestSettings() {}

  public static Map<String, String> forVideos(Path videosDir) {
    Map<String, String> values = new HashMap<>();
    values.put(ConfigKeys.MODELS_MIRROR, SharedData.modelMirror().toString());
    values.put(ConfigKeys.MODELS_CACHE_DIR, System.getProperty("java.io.tmpdir") + "/fakewatch-test-models");
    values.put("onnx.intra.op.threads", "1");
    values.put(io.fakewatch.ingest.IngestSettings.FILE_ROOTS, videosDir.toString());
    // one clip, not four: every pipeline test runs the temporal path end to end, at a quarter of its cost on
    // two cores (BothDetectorsIT runs the production default)
    values.put(io.fakewatch.ingest.IngestSettings.CLIPS_PER_VIDEO, "1");
    return values;
  }
}
