package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.apache5.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * s3:// through the AWS SDK v2 over its Apache 5 client: HEAD first, so an object over the size cap is
 * REJECTED before any of it is read, then GET streamed to a temp file under the same cap, read time-out and
 * fetch deadline as http(s). Every host the client connects to (the AWS endpoint, a configured S3-compatible
 * one, or {@code bucket.endpoint} in virtual-hosted style) is resolved through the URI policy and the client
 * is given only the checked address, so a private store needs its ip:port allowed like any internal server.
 * No retries (a failed fetch is a verdict, as for http(s)), no proxy from the environment.
 */
final class S3Downloader implements AutoCloseable {
  private final IngestSettings settings;
  private final SdkHttpClient http;
  private final S3Client client;

  S3Downloader(IngestSettings settings, UriPolicy policy) {
    this.settings = settings;
    S3Settings s3 = settings.s3();
    String scheme = s3.endpoint().map(URI::getScheme).orElse("https");
    int port = s3.endpoint().map(URI::getPort).filter(p -> p >= 0).orElse("http".equalsIgnoreCase(scheme) ? 80 : 443);
    this.http = Apache5HttpClient.builder()
        .connectionTimeout(settings.connectTimeout())
        .socketTimeout(settings.readTimeout())
        .dnsResolver(new CheckedDns(policy, scheme, port))
        .proxyConfiguration(ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariableValues(false).build())
        .build();
    S3ClientBuilder builder = S3Client.builder()
        .httpClient(http)
        .region(Region.of(s3.region()))
        .forcePathStyle(s3.pathStyle())
        .credentialsProvider(credentials(s3))
        // checksums only where S3 requires them: S3-compatible stores differ in the newer checksum headers
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    s3.endpoint().ifPresent(builder::endpointOverride);
    this.client = builder.build();
  }

  FetchedVideo download(UriPolicy.S3Object object, FetchDeadline deadline) throws IngestFailure {
    String from = "s3://" + object.bucket() + "/" + object.key();
    HeadObjectResponse head = call(from, deadline, () -> client.headObject(
        b -> b.bucket(object.bucket()).key(object.key()).overrideConfiguration(timeout(deadline))));
    Long length = head.contentLength();
    if (length != null && length > settings.maxDownloadBytes()) {
      throw new IngestFailure(Status.REJECTED, "TOO_LARGE", from + " is " + length + " bytes, over the limit of " + settings.maxDownloadBytes());
    }
    ResponseInputStream<GetObjectResponse> body = call(from, deadline, () -> client.getObject(
        b -> b.bucket(object.bucket()).key(object.key()).overrideConfiguration(timeout(deadline))));
    boolean saved = false;
    try {
      FetchedVideo video = TempFileDownload.save(body, from, settings, deadline);
      saved = true;
      return video;
    } catch (SdkException e) {
      throw failure(e, from, deadline);
    } finally {
      if (!saved) {
        body.abort(); // drop the connection rather than drain a body we do not want
      }
      closeQuietly(body);
    }
  }

  @Override
  public void close() {
    client.close();
    http.close();
  }

  private static AwsRequestOverrideConfiguration timeout(FetchDeadline deadline) {
    return AwsRequestOverrideConfiguration.builder().apiCallTimeout(Duration.ofMillis(deadline.remainingMillis())).build();
  }

  private <T> T call(String from, FetchDeadline deadline, Supplier<T> request) throws IngestFailure {
    try {
      return request.get();
    } catch (SdkException e) {
      throw failure(e, from, deadline);
    }
  }

  private IngestFailure failure(SdkException e, String from, FetchDeadline deadline) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof Refused refused) {
        return refused.failure; // the URI policy refused the store's address
      }
    }
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      String reason = status == 404 ? "NOT_FOUND" : status == 403 ? "ACCESS_DENIED" : "S3_" + status;
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      return new IngestFailure(Status.FETCH_ERROR, reason, "HTTP " + status + (code == null ? "" : " " + code) + " for " + from);
    }
    if (e instanceof ApiCallTimeoutException || deadline.passed()) {
      return deadline.failure(from);
    }
    if (hasCause(e, SocketTimeoutException.class) || hasCause(e, ConnectTimeoutException.class)) {
      return new IngestFailure(Status.FETCH_ERROR, "TIMEOUT", "no answer for " + from + " within " + settings.readTimeout()
          + " (connect: " + settings.connectTimeout() + ")");
    }
    String message = String.valueOf(e.getMessage());
    // the SDK's default chain found no credentials: a deployment error, named as such in the verdict
    String reason = message.startsWith("Unable to load credentials") ? "S3_CREDENTIALS" : "CONNECT";
    return new IngestFailure(Status.FETCH_ERROR, reason, "cannot fetch " + from + ": " + message, e);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static AwsCredentialsProvider credentials(S3Settings s3) {
    if (s3.accessKeyId().isPresent() && s3.secretAccessKey().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(s3.accessKeyId().get().value(), s3.secretAccessKey().get().value()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static void closeQuietly(ResponseInputStream<?> body) {
    try {
      body.close();
    } catch (java.io.IOException | RuntimeException ignored) {
      // aborted or fully read: nothing left to release
    }
  }

  /** A host the URI policy refused, carried through the SDK's exception wrapping. */
  private static final class Refused extends UnknownHostException {
    private final transient IngestFailure failure;

    Refused(String host, IngestFailure failure) {
      super(host + ": " + failure.getMessage());
      this.failure = failure;
    }
  }

  /**
   * The client's only resolver: each host passes {@link UriPolicy#checkHost} (at the endpoint's port when the
   * client does not say), and only the checked address is used.
   */
  private record CheckedDns(UriPolicy policy, String scheme, int endpointPort) implements DnsResolver {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      return new InetAddress[] {check(host, endpointPort).getAddress()};
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
      return List.of(check(host, port));
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }

    private InetSocketAddress check(String host, int port) throws UnknownHostException {
      String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
      try {
        return policy.checkHost(URI.create(scheme + "://" + literal + ":" + (port > 0 ? port : endpointPort)));
      } catch (IngestFailure e) {
        throw new Refused(host, e);
      } catch (IllegalArgumentException e) {
        throw new UnknownHostException("not a host name: " + host);
      }
    }
  }
}
