package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;

/**
 * What a request may make FakeWatch read: allowed schemes; file: only below configured roots (after
 * resolving {@code ..} and symlinks); s3: only from the buckets in {@code ingest.s3.buckets}; http(s) and
 * the S3 store's own hosts only at public addresses unless private ones are allowed
 * (no server-side request forgery against loopback, link-local metadata services or the internal network),
 * except the exact ip:port endpoints listed in {@code ingest.allowed.private.endpoints}.
 *
 * <p>The host is resolved once, here: {@link #checkHost} returns the checked address and the fetcher
 * connects to exactly that address, so a DNS answer that changes after the check (rebinding) is never used.
 */
public final class UriPolicy {
  private final List<String> schemes;
  private final List<Path> roots;
  /** The real roots and the roots as configured, which may lie behind a symlink (/tmp → /private/tmp, a mount). */
  private final List<Path> realAndNamedRoots;
  private final boolean allowPrivate;
  private final Set<InetSocketAddress> allowedEndpoints;
  private final Set<String> buckets;
  private final Resolver resolver;

  /** An object an s3:// URI names: {@code s3://bucket/key}. */
  public record S3Object(String bucket, String key) {}

  /** Host name to addresses: the system resolver, or in tests one whose answers change (DNS rebinding). */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  public UriPolicy(IngestSettings settings) {
    this(settings, InetAddress::getAllByName);
  }

  UriPolicy(IngestSettings settings, Resolver resolver) {
    this.schemes = settings.allowedSchemes().stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
    this.roots = settings.fileRoots().stream().map(UriPolicy::realOrNormal).toList();
    this.realAndNamedRoots = Stream.concat(roots.stream(),
        settings.fileRoots().stream().map(root -> root.toAbsolutePath().normalize())).distinct().toList();
    this.allowPrivate = settings.allowPrivateAddresses();
    this.allowedEndpoints = settings.allowedPrivateEndpoints().stream().map(UriPolicy::endpoint).collect(Collectors.toSet());
    this.buckets = Set.copyOf(settings.s3().buckets());
    this.resolver = resolver;
  }

  /** A parsed URI whose scheme is allowed. */
  public URI parse(String raw) throws IngestFailure {
    URI uri;
    try {
      uri = new URI(raw.strip());
    } catch (Exception e) {
      throw new IngestFailure(Status.REJECTED, "BAD_URI", "not a valid URI: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme)) {
      throw new IngestFailure(Status.REJECTED, "SCHEME_NOT_ALLOWED",
          "scheme '" + scheme + "' is not allowed (allowed: " + schemes + ")");
    }
    return uri;
  }

  /** The real path of a file: URI, if it lies below an allowed root. */
  public Path checkFile(URI uri) throws IngestFailure {
    Path path;
    try {
      path = Path.of(uri).toAbsolutePath().normalize();
    } catch (Exception e) {
      throw new IngestFailure(Status.REJECTED, "BAD_URI", "not a usable file URI: " + e.getMessage());
    }
    requireUnderRoot(path, uri, realAndNamedRoots); // refused before touching the file system
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "NOT_FOUND", "no such file: " + path);
    } catch (IOException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "UNREADABLE", "cannot resolve " + path + ": " + e.getMessage());
    }
    requireUnderRoot(real, uri, roots); // a symlink inside a root may point outside it
    if (!Files.isRegularFile(real)) {
      throw new IngestFailure(Status.FETCH_ERROR, "NOT_A_FILE", "not a regular file: " + path);
    }
    return real;
  }

  /**
   * Resolves an http(s) URI's host once and refuses it if any address is non-public (unless private
   * addresses are allowed, or that address and port are an allowed endpoint). The result is the address
   * to connect to: the one that was checked.
   */
  public InetSocketAddress checkHost(URI uri) throws IngestFailure {
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw new IngestFailure(Status.REJECTED, "BAD_URI", "no host in " + uri);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "UNKNOWN_HOST", "cannot resolve host " + host);
    }
    if (addresses == null || addresses.length == 0) {
      throw new IngestFailure(Status.FETCH_ERROR, "UNKNOWN_HOST", "no address for host " + host);
    }
    for (InetAddress address : addresses) {
      if (!allowPrivate && !isPublic(address) && !allowedEndpoints.contains(new InetSocketAddress(address, port))) {
        throw new IngestFailure(Status.REJECTED, "PRIVATE_ADDRESS",
            "host " + host + " resolves to non-public address " + address.getHostAddress());
      }
    }
    return new InetSocketAddress(addresses[0], port);
  }

  /**
   * The bucket and key of an s3:// URI, if the bucket is in {@code ingest.s3.buckets}. The store's own
   * address is checked by {@link #checkHost} when the S3 client resolves it ({@code S3Downloader}).
   */
  public S3Object checkS3(URI uri) throws IngestFailure {
    String bucket = uri.getRawAuthority();
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IngestFailure(Status.REJECTED, "BAD_URI", "not an s3://bucket/key URI (bucket: 3-63 of a-z 0-9 . -): " + uri);
    }
    String key = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (key.isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IngestFailure(Status.REJECTED, "BAD_URI", "an s3:// URI names one object, with no query or fragment: " + uri);
    }
    if (!buckets.contains(bucket)) {
      throw new IngestFailure(Status.REJECTED, "BUCKET_NOT_ALLOWED",
          "bucket '" + bucket + "' is not in " + S3Settings.BUCKETS + " " + buckets.stream().sorted().toList());
    }
    return new S3Object(bucket, key);
  }

  /** An allowed endpoint, {@code ip:port} or {@code [ipv6]:port}; a host name is refused (it could resolve anywhere). */
  static InetSocketAddress endpoint(String text) {
    try {
      URI parsed = new URI("//" + text.strip());
      String host = parsed.getHost();
      if (host != null && parsed.getPort() >= 0 && isIpLiteral(host)) {
        return new InetSocketAddress(InetAddress.getByName(host), parsed.getPort()); // a literal: no DNS lookup
      }
    } catch (URISyntaxException | UnknownHostException e) {
      // reported below
    }
    throw new ConfigException(IngestSettings.ALLOWED_PRIVATE_ENDPOINTS, text, "expected ip:port or [ipv6]:port");
  }

  /** An IPv4 dotted quad or a bracketed IPv6 address, as {@link URI#getHost()} gives them. */
  static boolean isIpLiteral(String host) {
    return host.matches("(\\d{1,3}\\.){3}\\d{1,3}|\\[[0-9a-fA-F:.]+]");
  }

  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return !(first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240);
    }
    if (address instanceof Inet6Address) {
      boolean uniqueLocal = (b[0] & 0xfe) == 0xfc; // fc00::/7
      boolean mappedV4 = isMappedV4(b);
      if (mappedV4) {
        try {
          return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return false;
        }
      }
      return !uniqueLocal;
    }
    return false;
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private void requireUnderRoot(Path path, URI uri, List<Path> allowed) throws IngestFailure {
    for (Path root : allowed) {
      if (path.startsWith(root)) {
        return;
      }
    }
    throw new IngestFailure(Status.REJECTED, "OUTSIDE_FILE_ROOT",
        "file " + uri.getPath() + " is outside the allowed roots " + roots);
  }

  private static Path realOrNormal(Path root) {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      return root.toAbsolutePath().normalize();
    }
  }
}
