package io.fakewatch.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The registry-free schema store of the single-object serde: every schema a reader may meet, by its 64-bit
 * CRC fingerprint. It holds the current schemas of the generated classes, the older versions kept under
 * {@code avro/history/} on the classpath, and any extra {@code .avsc} files in a directory
 * ({@code serde.schema.dir}) — that is how an old reader learns a newer writer's schema without a
 * registry. A schema registry can replace it later behind the same {@link SchemaStore} interface.
 */
public final class SchemaCatalog implements SchemaStore {
  private static final String HISTORY_INDEX = "avro/history/index.txt";
  private static final SchemaCatalog DEFAULT = withExtraSchemas(null);

  private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();

  private SchemaCatalog() {}

  /** The shipped schemas: current classes and the history folder. */
  public static SchemaCatalog shipped() {
    return DEFAULT;
  }

  /** The shipped schemas plus every {@code .avsc} file in {@code dir} (null for none). */
  public static SchemaCatalog withExtraSchemas(Path dir) {
    SchemaCatalog catalog = new SchemaCatalog();
    for (Class<? extends SpecificRecord> type : Events.ALL) {
      catalog.add(SpecificData.get().getSchema(type));
    }
    catalog.addHistory();
    if (dir != null) {
      catalog.addDirectory(dir);
    }
    return catalog;
  }

  public void add(Schema schema) {
    byFingerprint.put(fingerprint(schema), schema);
  }

  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  public int size() {
    return byFingerprint.size();
  }

  private void addHistory() {
    ClassLoader loader = SchemaCatalog.class.getClassLoader();
    try (InputStream index = loader.getResourceAsStream(HISTORY_INDEX)) {
      if (index == null) {
        return;
      }
      for (String line : new String(index.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try (InputStream in = loader.getResourceAsStream("avro/history/" + name)) {
          if (in == null) {
            throw new IllegalStateException("avro/history/index.txt names a missing schema: " + name);
          }
          add(newParser().parse(in));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shipped schema history", e);
    }
  }

  private void addDirectory(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
        add(newParser().parse(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schemas from " + dir, e);
    }
  }

  /** A parser that already knows the shared named types, so history files may refer to them by name. */
  private static Schema.Parser newParser() {
    Schema.Parser parser = new Schema.Parser();
    parser.addTypes(
        Stream.of(
                io.fakewatch.events.Status.getClassSchema(),
                io.fakewatch.events.Label.getClassSchema(),
                io.fakewatch.events.VideoInfo.getClassSchema(),
                io.fakewatch.events.Box.getClassSchema())
            .toList());
    return parser;
  }
}
