package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Brings a video to a local file under the URI policy, by scheme. file: is used in place after its checks;
 * http(s) ({@link HttpDownloader}) and s3:// ({@link S3Downloader}) stream to a temp file — never through
 * FFmpeg's protocol layer — connecting only to addresses the policy checked, with a size cap, connect and
 * read time-outs and a total deadline ({@code ingest.fetch.deadline.ms}).
 */
public final class VideoFetcher implements AutoCloseable {
  private final IngestSettings settings;
  private final UriPolicy policy;
  private final HttpDownloader http;
  private S3Downloader s3; // made at the first s3:// URI: most deployments never build an S3 client

  public VideoFetcher(IngestSettings settings) {
    this(new UriPolicy(settings), settings, defaultTls(), defaultTrust());
  }

  /**
   * With a given policy (its resolver) and TLS trust, for tests. The handshake trusts what {@code tls}'s
   * context trusts; OkHttp uses the trust manager only to clean chains for certificate pinning, which is off.
   */
  VideoFetcher(UriPolicy policy, IngestSettings settings, SSLSocketFactory tls) {
    this(policy, settings, tls == null ? defaultTls() : tls, defaultTrust());
  }

  private VideoFetcher(UriPolicy policy, IngestSettings settings, SSLSocketFactory tls, X509TrustManager trust) {
    this.settings = settings;
    this.policy = policy;
    this.http = new HttpDownloader(settings, policy, tls, trust);
  }

  public FetchedVideo fetch(String rawUri) throws IngestFailure {
    URI uri = policy.parse(rawUri);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "file":
        return local(policy.checkFile(uri));
      case "s3":
        UriPolicy.S3Object object = policy.checkS3(uri);
        return s3().download(object, FetchDeadline.after(settings.fetchDeadline()));
      case "http":
      case "https":
        return http.download(uri, FetchDeadline.after(settings.fetchDeadline()));
      default:
        throw new IngestFailure(Status.REJECTED, "SCHEME_NOT_ALLOWED", "no fetcher for scheme '" + scheme + "'");
    }
  }

  @Override
  public synchronized void close() {
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
  }

  private synchronized S3Downloader s3() {
    if (s3 == null) {
      s3 = new S3Downloader(settings, policy);
    }
    return s3;
  }

  private FetchedVideo local(Path file) throws IngestFailure {
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (IOException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "UNREADABLE", "cannot read " + file + ": " + e.getMessage());
    }
    if (bytes > settings.maxDownloadBytes()) {
      throw new IngestFailure(Status.REJECTED, "TOO_LARGE", bytes + " bytes, over the limit of " + settings.maxDownloadBytes());
    }
    return new FetchedVideo(file, bytes, false);
  }

  private static SSLSocketFactory defaultTls() {
    try {
      return SSLContext.getDefault().getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no default TLS context", e);
    }
  }

  /** The JDK's default trust manager (the cacerts store), the one the default TLS context uses. */
  private static X509TrustManager defaultTrust() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
          .map(X509TrustManager.class::cast).findFirst().orElseThrow(() -> new IllegalStateException("no X.509 trust manager"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no default trust manager", e);
    }
  }
}
