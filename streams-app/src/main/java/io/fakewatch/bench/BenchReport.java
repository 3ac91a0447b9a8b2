package io.fakewatch.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fakewatch.serde.AvroJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints benchmark rows as one table and writes them as JSON: a list of {name, value, unit, limit, ratio}. */
public final class BenchReport {
  private BenchReport() {}

  public static void print(List<BenchRow> rows, PrintStream out) {
    out.println();
    rows.forEach(row -> out.println(row.line()));
  }

  public static void writeJson(List<BenchRow> rows, Path file) throws IOException {
    ArrayNode array = AvroJson.MAPPER.createArrayNode();
    for (BenchRow row : rows) {
      var node = array.addObject().put("name", row.name()).put("value", row.value()).put("unit", row.unit());
      if (row.limit() > 0) {
        node.put("limit", row.limit()).put("ratio", row.ratio());
      } else {
        node.putNull("limit").putNull("ratio");
      }
      node.put("note", row.note());
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, AvroJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
  }
}
