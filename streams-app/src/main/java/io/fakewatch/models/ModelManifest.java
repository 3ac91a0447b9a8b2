package io.fakewatch.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The model manifest: {@code models/models.json} in the repo, shipped in the jar as {@code models/models.json}. */
public record ModelManifest(List<ModelSpec> models) {
  private static final String RESOURCE = "models/models.json";

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Document(List<ModelSpec> models) {}

  /** The manifest at {@code path}, or the shipped one when path is null or blank. */
  public static ModelManifest load(String path) {
    ObjectMapper mapper = new ObjectMapper();
    try {
      if (path == null || path.isBlank()) {
        try (InputStream in = ModelManifest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
          if (in == null) {
            throw new IllegalStateException("the jar has no " + RESOURCE);
          }
          return new ModelManifest(mapper.readValue(in, Document.class).models());
        }
      }
      return new ModelManifest(mapper.readValue(Files.readAllBytes(Path.of(path)), Document.class).models());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model manifest " + (path == null || path.isBlank() ? RESOURCE : path), e);
    }
  }

  public ModelSpec find(String name) {
    return models.stream().filter(m -> m.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no model named '" + name + "' in the manifest; known: "
            + models.stream().map(ModelSpec::name).toList()));
  }
}
