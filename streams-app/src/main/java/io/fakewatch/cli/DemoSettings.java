package io.fakewatch.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Config of the one-process demo: the user's own settings win over these. */
final class DemoSettings {
  private DemoSettings() {}

  static Map<String, String> forInputs(Path videosDir, List<String> inputs, Map<String, String> modelSettings,
      Map<String, String> userSettings) {
    Map<String, String> values = new HashMap<>();
    values.put("topics.partitions", "4");
    values.putAll(modelSettings);
    values.putAll(userSettings);
    return values;
  }
}
