package io.fakewatch.app;

import io.fakewatch.detect.DetectStage;
import io.fakewatch.ingest.IngestStage;
import io.fakewatch.score.ScoreStage;
import io.fakewatch.verdict.VerdictStage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four stages, in pipeline order. */
public final class StageRegistry {
  private static final Map<String, StageFactory> STAGES = new LinkedHashMap<>();

  static {
    for (StageFactory stage : List.of(new IngestStage(), new DetectStage(), new ScoreStage(), new VerdictStage())) {
      STAGES.put(stage.name(), stage);
    }
  }

  private StageRegistry() {}

  public static List<String> names() {
    return List.copyOf(STAGES.keySet());
  }

  /** Parses "ingest,detect" or "all"; unknown or not-yet-built stages are an error that names them. */
  public static List<StageFactory> select(String spec) {
    List<StageFactory> selected = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> names = spec.strip().equalsIgnoreCase("all") ? names() : List.of(spec.split(","));
    for (String raw : names) {
      String name = raw.strip();
      StageFactory stage = STAGES.get(name);
      if (stage == null) {
        unknown.add(name);
      } else if (!stage.implemented()) {
        missing.add(name);
      } else {
        selected.add(stage);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown stage(s) " + unknown + "; stages are " + names());
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("stage(s) " + missing + " do not exist yet in this build");
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("no stage selected; stages are " + names());
    }
    return selected;
  }
}
