package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fakewatch.events.Status;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher connects to the address the policy checked. A DNS server under an attacker's control can
 * answer a public address for the check and a private one a moment later (rebinding); the resolver here
 * plays that server, and real HTTP(S) servers on two loopback addresses show where the request went.
 */
class VideoFetcherTest {
  @TempDir Path temp;
  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws Exception {
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  private <S extends HttpServer> S answering(S server, String body, AtomicInteger hits, AtomicReference<String> host) {
    server.createContext("/v", exchange -> {
      hits.incrementAndGet();
      host.set(exchange.getRequestHeaders().getFirst("Host"));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    servers.add(() -> server.stop(0));
    return server;
  }

  private IngestSettings allowing(String endpoint) {
    return TestVideos.settings(Map.of(IngestSettings.ALLOWED_PRIVATE_ENDPOINTS, endpoint,
        IngestSettings.TEMP_DIR, temp.toString(), IngestSettings.READ_TIMEOUT_MS, "5000"), temp);
  }

  private static String read(FetchedVideo video) throws Exception {
    try (video) {
      return Files.readString(video.path());
    }
  }

  @Test
  void aRebindingAnswerAfterTheCheckIsNeverUsed() throws Exception {
    AtomicInteger checkedHits = new AtomicInteger();
    AtomicReference<String> hostHeader = new AtomicReference<>();
    HttpServer checked = answering(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "checked",
        checkedHits, hostHeader);
    int port = checked.getAddress().getPort();
    AtomicInteger reboundHits = new AtomicInteger();
    // the same port on another loopback address: where a second lookup would lead
    answering(HttpServer.create(new InetSocketAddress("127.0.0.2", port), 0), "rebound", reboundHits, new AtomicReference<>());
    AtomicInteger lookups = new AtomicInteger();
    UriPolicy.Resolver rebinding = host -> new InetAddress[] {
        InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")};
    IngestSettings settings = allowing("127.0.0.1:" + port);
    VideoFetcher fetcher = new VideoFetcher(new UriPolicy(settings, rebinding), settings, SSLContext.getDefault().getSocketFactory());

    assertThat(read(fetcher.fetch("http://videos.example:" + port + "/v"))).isEqualTo("checked");
    assertThat(lookups).as("one lookup per hop").hasValue(1);
    assertThat(reboundHits).hasValue(0);
    assertThat(checkedHits).hasValue(1);
    assertThat(hostHeader.get()).as("virtual hosting still sees the name").isEqualTo("videos.example:" + port);
    // the next request looks up again and gets the rebound address: refused, not connected
    assertThatThrownBy(() -> fetcher.fetch("http://videos.example:" + port + "/v"))
        .isInstanceOfSatisfying(IngestFailure.class, f -> assertThat(f.reason()).isEqualTo("PRIVATE_ADDRESS"));
    assertThat(reboundHits).hasValue(0);
  }

  @Test
  void aNameWithAnyPrivateAddressIsRefused() {
    IngestSettings settings = allowing("127.0.0.1:1");
    for (String answer : List.of("10.0.0.5", "8.8.8.8,169.254.169.254", "8.8.8.8,192.168.1.1", "fd00::1", "::ffff:10.0.0.1")) {
      UriPolicy.Resolver dns = host -> {
        List<InetAddress> addresses = new ArrayList<>();
        for (String literal : answer.split(",")) {
          addresses.add(InetAddress.getByName(literal));
        }
        return addresses.toArray(InetAddress[]::new);
      };
      VideoFetcher fetcher = new VideoFetcher(new UriPolicy(settings, dns), settings, null);
      assertThatThrownBy(() -> fetcher.fetch("http://cdn.example/v.mp4")).as(answer)
          .isInstanceOfSatisfying(IngestFailure.class, f -> {
            assertThat(f.status()).isEqualTo(Status.REJECTED);
            assertThat(f.reason()).isEqualTo("PRIVATE_ADDRESS");
          });
    }
  }

  @Test
  void anAllowedEndpointMustBeAnIpAndPort() {
    for (String bad : List.of("videos.internal:8080", "10.0.0.5", "10.0.0.5:port", "[fd00::5]")) {
      assertThatThrownBy(() -> UriPolicy.endpoint(bad)).as(bad)
          .hasMessageContaining(IngestSettings.ALLOWED_PRIVATE_ENDPOINTS);
    }
    assertThat(UriPolicy.endpoint("[fd00::5]:443").getPort()).isEqualTo(443);
    assertThat(UriPolicy.endpoint("10.0.0.5:8080").getAddress().getHostAddress()).isEqualTo("10.0.0.5");
  }

  /**
   * TLS runs over the pinned socket and still checks the certificate against the URI's name: a server
   * with a certificate for video.example is fetched as video.example and refused as another name that
   * resolves to the same address.
   */
  @Test
  void httpsOverThePinnedAddressVerifiesTheHostName() throws Exception {
    KeyStore keys = selfSignedFor("video.example");
    SSLContext serverTls = SSLContext.getInstance("TLS");
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, "changeit".toCharArray());
    serverTls.init(keyManagers.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    AtomicInteger hits = new AtomicInteger();
    answering(server, "over tls", hits, new AtomicReference<>());
    int port = server.getAddress().getPort();

    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keys);
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, trust.getTrustManagers(), null);
    SSLSocketFactory trusting = clientTls.getSocketFactory();
    IngestSettings settings = allowing("127.0.0.1:" + port);
    UriPolicy.Resolver everyNameIsLoopback = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
    VideoFetcher fetcher = new VideoFetcher(new UriPolicy(settings, everyNameIsLoopback), settings, trusting);

    assertThat(read(fetcher.fetch("https://video.example:" + port + "/v"))).isEqualTo("over tls");
    assertThatThrownBy(() -> fetcher.fetch("https://other.example:" + port + "/v"))
        .isInstanceOfSatisfying(IngestFailure.class, f -> {
          assertThat(f.status()).isEqualTo(Status.FETCH_ERROR);
          assertThat(f.reason()).isEqualTo("TLS");
        });
    assertThat(hits).as("no request was sent over the refused connection").hasValue(1);
  }

  /** A key pair and self-signed certificate for {@code name}, made by the JDK's keytool. */
  private KeyStore selfSignedFor(String name) throws Exception {
    Path store = temp.resolve("tls.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "SAN=dns:" + name, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    String output;
    try (InputStream out = keytool.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    return keys;
  }
}
