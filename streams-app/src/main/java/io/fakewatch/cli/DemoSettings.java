package io.fakewatch.cli;

import io.fakewatch.ingest.IngestSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Config of the one-process demo. file: inputs may come from the --videos directory and the working
 * directory only, so a hostile --uri (file:///etc/passwd) is REJECTED like in production; the user's own
 * --set wins over everything here.
 */
final class DemoSettings {
  private DemoSettings() {}

  static Map<String, String> forVideos(Path videosDir, Map<String, String> modelSettings, Map<String, String> userSettings) {
    Map<String, String> values = new HashMap<>();
    values.put("topics.partitions", "4");
    List<String> roots = new ArrayList<>();
    roots.add(Path.of("").toAbsolutePath().toString());
    if (videosDir != null) {
      roots.add(videosDir.toAbsolutePath().normalize().toString());
    }
    values.put(IngestSettings.FILE_ROOTS, String.join(",", roots));
    values.putAll(modelSettings);
    values.putAll(userSettings);
    return values;
  }
}
