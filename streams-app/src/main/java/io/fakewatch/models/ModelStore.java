package io.fakewatch.models;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a model's file: in the cache if its sha256 matches, else copied from the mirror directory
 * (searched by file name) or downloaded from the manifest URL, verified, then moved into the cache.
 * A file with the wrong hash is refused with a message naming the file and both hashes.
 */
public final class ModelStore {
  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

  private final ModelManifest manifest;
  private final Path cacheDir;
  private final Path mirror;
  private final boolean allowBenchmark;

  public ModelStore(ModelManifest manifest, Path cacheDir, Path mirror) {
    this(manifest, cacheDir, mirror, false);
  }

  /** @param allowBenchmark whether {@link #requireServable} lets benchmark-only models through */
  public ModelStore(ModelManifest manifest, Path cacheDir, Path mirror, boolean allowBenchmark) {
    this.manifest = manifest;
    this.cacheDir = cacheDir;
    this.mirror = mirror;
    this.allowBenchmark = allowBenchmark;
  }

  public static ModelStore from(FakeWatchConfig config) {
    String mirror = config.getString(ConfigKeys.MODELS_MIRROR);
    return new ModelStore(ModelManifest.load(config.getString(ConfigKeys.MODELS_MANIFEST)),
        Path.of(config.getString(ConfigKeys.MODELS_CACHE_DIR)), mirror.isBlank() ? null : Path.of(mirror),
        config.getBoolean(ConfigKeys.MODELS_ALLOW_BENCHMARK));
  }

  /**
   * The named model, if a stage may serve it: a benchmark-only entry (random weights, scores that mean
   * nothing) is refused unless this store allows benchmark models, so it never scores real requests by mistake.
   */
  public ModelSpec requireServable(String name) {
    ModelSpec spec = manifest.find(name);
    if (spec.benchmarkOnly() && !allowBenchmark) {
      throw new IllegalArgumentException("model " + name + " is benchmark-only (" + spec.card() + "): its scores mean "
          + "nothing, it exists to measure speed. `fakewatch bench` may use it; to run it in `run` or `demo` anyway, "
          + "pass --allow-benchmark-models (config " + ConfigKeys.MODELS_ALLOW_BENCHMARK + "=true)");
    }
    return spec;
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /** The verified local file of the named model, fetching it first if needed. */
  public Path resolve(String name) {
    return resolve(manifest.find(name));
  }

  public Path resolve(ModelSpec spec) {
    Path cached = cacheDir.resolve(spec.name()).resolve(spec.file());
    try {
      if (Files.isRegularFile(cached)) {
        String actual = sha256(cached);
        if (actual.equalsIgnoreCase(spec.sha256())) {
          return cached;
        }
        LOG.warn("model {}: cached {} has sha256 {}, expected {}; fetching again", spec.name(), cached, actual, spec.sha256());
      }
      Files.createDirectories(cached.getParent());
      Path partial = Files.createTempFile(cached.getParent(), spec.file(), ".part");
      try {
        String source = fetch(spec, partial);
        String actual = sha256(partial);
        if (!actual.equalsIgnoreCase(spec.sha256())) {
          throw new ModelIntegrityException("model " + spec.name() + ": " + source + " has sha256 " + actual
              + " but the manifest expects " + spec.sha256() + "; refusing it");
        }
        Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("model {} fetched from {} into {}", spec.id(), source, cached);
        return cached;
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("model " + spec.name() + ": cannot fetch " + spec.file() + ": "
          + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
    }
  }

  private String fetch(ModelSpec spec, Path target) throws IOException {
    if (mirror != null) {
      Optional<Path> found = findInMirror(spec.file());
      if (found.isPresent()) {
        Files.copy(found.get(), target, StandardCopyOption.REPLACE_EXISTING);
        return found.get().toString();
      }
      if (spec.url() == null) {
        throw new IOException("not in mirror " + mirror + " and the manifest has no download URL for it");
      }
    }
    if (spec.url() == null) {
      throw new IOException("the manifest has no download URL for it; fetch it from a mirror "
          + "(--model-mirror DIR or FAKEWATCH_MODEL_MIRROR)");
    }
    download(URI.create(spec.url()), target);
    return spec.url();
  }

  private Optional<Path> findInMirror(String fileName) throws IOException {
    try (Stream<Path> files = Files.walk(mirror, 4)) {
      return files.filter(p -> p.getFileName().toString().equals(fileName) && Files.isRegularFile(p)).findFirst();
    }
  }

  private static void download(URI uri, Path target) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    try {
      HttpResponse<Path> response = client.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
          HttpResponse.BodyHandlers.ofFile(target));
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode() + " from " + uri);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + uri, e);
    }
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
