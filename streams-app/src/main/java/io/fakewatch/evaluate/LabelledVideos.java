package io.fakewatch.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A labels CSV ({@code file,label,...}, header first, paths relative to the CSV). Only REAL/FAKE rows count.
 * An optional {@code original} column names a fake's original video by file name (empty when unknown).
 */
public record LabelledVideos(List<Entry> entries, int skipped) {
  /** {@code original}: the file name of the fake's original, or null. */
  public record Entry(Path file, boolean fake, String original) {
    public Entry(Path file, boolean fake) {
      this(file, fake, null);
    }
  }

  public static LabelledVideos read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(csv + " is empty");
    }
    String[] header = lines.get(0).toLowerCase(Locale.ROOT).split(",");
    int fileColumn = indexOf(header, "file", csv);
    int labelColumn = indexOf(header, "label", csv);
    int originalColumn = java.util.Arrays.asList(header).stream().map(String::strip).toList().indexOf("original");
    Path base = csv.toAbsolutePath().getParent();
    List<Entry> entries = new ArrayList<>();
    int skipped = 0;
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      String label = cells.length > labelColumn ? cells[labelColumn].strip().toUpperCase(Locale.ROOT) : "";
      if (!label.equals("REAL") && !label.equals("FAKE")) {
        skipped++;
        continue;
      }
      String original = originalColumn >= 0 && cells.length > originalColumn && !cells[originalColumn].isBlank()
          ? Path.of(cells[originalColumn].strip()).getFileName().toString() : null;
      entries.add(new Entry(base.resolve(cells[fileColumn].strip()).normalize(), label.equals("FAKE"), original));
    }
    return new LabelledVideos(List.copyOf(entries), skipped);
  }

  private static int indexOf(String[] header, String name, Path csv) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].strip().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(csv + " has no '" + name + "' column (header: " + String.join(",", header) + ")");
  }
}
