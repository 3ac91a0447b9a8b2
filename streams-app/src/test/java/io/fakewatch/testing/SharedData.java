package io.fakewatch.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared test material at {@code ../shared} beside the project (videos, images, models), read in place.
 * A missing file skips the test on a developer machine and fails it when {@code CI=true}.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String override = System.getenv("FAKEWATCH_SHARED");
    if (override != null && !override.isBlank()) {
      return Path.of(override).toAbsolutePath().normalize();
    }
    String projectRoot = System.getProperty("fakewatch.root", System.getProperty("user.dir"));
    Path dir = Path.of(projectRoot).toAbsolutePath();
    // From the project root or from a module directory below it.
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      Path shared = candidate.resolveSibling("shared");
      if (Files.isRegularFile(shared.resolve("DESIGN.md"))) {
        return shared.normalize();
      }
    }
    return dir.resolveSibling("shared").normalize();
  }

  /** A file under ../shared, e.g. {@code require("data/videos/abofeumbvv.mp4")}. */
  public static Path require(String relative) {
    Path file = root().resolve(relative);
    if (!Files.exists(file)) {
      String message = "shared test file missing: " + file + " (set FAKEWATCH_SHARED to the shared folder)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      assumeTrue(false, message);
    }
    return file;
  }

  public static Path videos() {
    return require("data/videos");
  }

  public static Path video(String name) {
    return require("data/videos/" + name);
  }

  public static Path image(String name) {
    return require("data/images/" + name);
  }

  public static Path modelMirror() {
    return require("models");
  }

  /** Every shared .mp4, sorted by name. */
  public static List<Path> allVideos() {
    try (Stream<Path> files = Files.list(videos())) {
      return files.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The labelled videos (REAL or FAKE in labels.csv), as file name → label. */
  public static java.util.Map<String, String> labels() {
    try {
      java.util.Map<String, String> labels = new java.util.TreeMap<>();
      for (String line : Files.readAllLines(require("data/labels.csv")).stream().skip(1).toList()) {
        String[] cells = line.split(",");
        if (cells.length >= 2 && (cells[1].equals("REAL") || cells[1].equals("FAKE"))) {
          labels.put(Path.of(cells[0]).getFileName().toString(), cells[1]);
        }
      }
      return labels;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
