package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * http(s) through OkHttp, which does the HTTP parsing (HTTP/1.1 framing, chunked bodies, HTTP/2 over TLS).
 * Each hop is checked by the URI policy and sent by a client whose {@link okhttp3.Dns} answers only the
 * address that was checked, so a DNS answer that changes after the check (rebinding) is never used; https
 * still verifies the certificate against the URI's host name. OkHttp follows no redirects: this class does,
 * checking every hop again. No proxy, no retries, no connection kept for a later request, no transparent
 * gzip (the size cap counts the bytes as sent). Time-outs: connect, read (response headers and each silence
 * in the body) and the fetch deadline as OkHttp's call time-out, covering the body too.
 */
final class HttpDownloader {
  private final IngestSettings settings;
  private final UriPolicy policy;
  private final OkHttpClient base;

  HttpDownloader(IngestSettings settings, UriPolicy policy, SSLSocketFactory tls, X509TrustManager trust) {
    this.settings = settings;
    this.policy = policy;
    this.base = new OkHttpClient.Builder()
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .proxy(Proxy.NO_PROXY)
        .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        .sslSocketFactory(tls, trust)
        .build();
  }

  FetchedVideo download(URI start, FetchDeadline deadline) throws IngestFailure {
    URI uri = start;
    for (int hop = 0; hop <= settings.maxRedirects(); hop++) {
      InetSocketAddress checked = policy.checkHost(uri);
      Call call = pinnedTo(checked.getAddress()).newCall(request(uri));
      call.timeout().timeout(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
      boolean saved = false;
      try (Response response = execute(call, uri, deadline)) {
        int status = response.code();
        if (status >= 300 && status < 400) {
          uri = next(uri, status, response.header("Location"));
          continue;
        }
        if (status != 200) {
          throw new IngestFailure(Status.FETCH_ERROR, "HTTP_" + status, "HTTP " + status + " from " + uri);
        }
        long length = response.body().contentLength();
        if (length > settings.maxDownloadBytes()) {
          throw new IngestFailure(Status.REJECTED, "TOO_LARGE", "Content-Length " + length + " over the limit");
        }
        FetchedVideo video = TempFileDownload.save(response.body().byteStream(), uri.getHost(), settings, deadline);
        saved = true;
        return video;
      } finally {
        if (!saved) {
          call.cancel(); // closes the connection rather than reading out a body we do not want
        }
      }
    }
    throw new IngestFailure(Status.FETCH_ERROR, "TOO_MANY_REDIRECTS", "more than " + settings.maxRedirects() + " redirects");
  }

  /** This client makes one request, to the host just checked: every lookup answers the checked address. */
  private OkHttpClient pinnedTo(InetAddress checked) {
    return base.newBuilder().dns(host -> List.of(checked)).build();
  }

  private URI next(URI uri, int status, String location) throws IngestFailure {
    if (location == null) {
      throw new IngestFailure(Status.FETCH_ERROR, "BAD_REDIRECT", "HTTP " + status + " without Location");
    }
    URI target = policy.parse(uri.resolve(location).toString());
    if ("file".equalsIgnoreCase(target.getScheme())) {
      throw new IngestFailure(Status.REJECTED, "REDIRECT_TO_FILE", "redirect to a file: URI refused");
    }
    if (!"http".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(target.getScheme())) {
      throw new IngestFailure(Status.REJECTED, "SCHEME_NOT_ALLOWED", "redirect to a " + target.getScheme() + ": URI refused");
    }
    return target;
  }

  private static Request request(URI uri) throws IngestFailure {
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      throw new IngestFailure(Status.REJECTED, "BAD_URI", "not a usable http(s) URI: " + uri);
    }
    return new Request.Builder().url(url).header("User-Agent", "FakeWatch-ingest")
        .header("Accept-Encoding", "identity").build();
  }

  private Response execute(Call call, URI uri, FetchDeadline deadline) throws IngestFailure {
    try {
      return call.execute();
    } catch (SocketTimeoutException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "TIMEOUT", "no response from " + uri.getHost() + " within "
          + settings.readTimeout() + " (connect: " + settings.connectTimeout() + "): " + e.getMessage());
    } catch (SSLException e) {
      throw new IngestFailure(Status.FETCH_ERROR, "TLS", "TLS with " + uri.getHost() + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      if (deadline.passed()) {
        throw deadline.failure(uri.getHost());
      }
      throw new IngestFailure(Status.FETCH_ERROR, "CONNECT", "cannot fetch " + uri + ": " + e, e);
    }
  }
}
