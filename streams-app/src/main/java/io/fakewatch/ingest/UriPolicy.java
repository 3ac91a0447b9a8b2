package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a request may make FakeWatch read: allowed schemes; file: only below configured roots (after
 * resolving {@code ..} and symlinks); http(s) only to public addresses unless private ones are allowed
 * (no server-side request forgery against loopback, link-local metadata services or the internal network).
 *
 * <p>Limit: the host is resolved here and again by the HTTP client, so a DNS answer that changes in
 * between (rebinding) is not caught; deployments that need that should also egress through a proxy.
 */
public final class UriPolicy {
  private final List<String> schemes;
  private final List<Path> roots;
  private final boolean allowPrivate;

  public UriPolicy(IngestSettings settings) {
    this.schemes = settings.allowedSchemes().stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
    this.roots = settings.fileRoots().stream().flatMap(UriPolicy::asGivenAndReal).distinct().toList();
    this.allowPrivate = settings.allowPrivateAddresses();
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
    requireUnderRoot(path, uri);
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "NOT_FOUND", "no such file: " + path);
    } catch (IOException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "UNREADABLE", "cannot resolve " + path + ": " + e.getMessage());
    }
    requireUnderRoot(real, uri); // a symlink inside a root may point outside it
    if (!Files.isRegularFile(real)) {
      throw new IngestFailure(Status.FETCH_ERROR, "NOT_A_FILE", "not a regular file: " + path);
    }
    return real;
  }

  /** Refuses an http(s) URI whose host resolves to any non-public address (unless allowed). */
  public void checkHost(URI uri) throws IngestFailure {
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw new IngestFailure(Status.REJECTED, "BAD_URI", "no host in " + uri);
    }
    if (allowPrivate) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "UNKNOWN_HOST", "cannot resolve host " + host);
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        throw new IngestFailure(Status.REJECTED, "PRIVATE_ADDRESS",
            "host " + host + " resolves to non-public address " + address.getHostAddress());
      }
    }
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

  private void requireUnderRoot(Path path, URI uri) throws IngestFailure {
    for (Path root : roots) {
      if (path.startsWith(root)) {
        return;
      }
    }
    throw new IngestFailure(Status.REJECTED, "OUTSIDE_FILE_ROOT",
        "file " + uri.getPath() + " is outside the allowed roots " + roots);
  }

  /**
   * A root as configured and with its symlinks resolved. Requests name files the way the root was configured
   * (maybe through a symlink, like {@code /data -> /mnt/disk}), and what they resolve to must lie under the real
   * root. The configured spelling lets no resolved file escape: a real path never runs through a symlink.
   */
  private static Stream<Path> asGivenAndReal(Path root) {
    Path given = root.toAbsolutePath().normalize();
    try {
      return Stream.of(given, root.toRealPath());
    } catch (IOException e) {
      return Stream.of(given);
    }
  }
}
