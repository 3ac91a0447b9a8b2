package io.fakewatch.ingest;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The s3:// keys: which buckets, where the store is (AWS, or any S3-compatible endpoint), and whose
 * credentials. The access key pair is typed PASSWORD, so {@code config --effective}, the start-up log line
 * and this record's toString show {@code [hidden]}, never the keys.
 */
public record S3Settings(
    List<String> buckets,
    Optional<URI> endpoint,
    boolean pathStyle,
    String region,
    Optional<Password> accessKeyId,
    Optional<Password> secretAccessKey) {

  public static final String BUCKETS = "ingest.s3.buckets";
  public static final String ENDPOINT = "ingest.s3.endpoint";
  public static final String PATH_STYLE = "ingest.s3.path.style";
  public static final String REGION = "ingest.s3.region";
  public static final String ACCESS_KEY_ID = "ingest.s3.access.key.id";
  public static final String SECRET_ACCESS_KEY = "ingest.s3.secret.access.key";

  static void define(ConfigDef def) {
    def.define(BUCKETS, Type.LIST, "", HIGH,
            "Buckets s3:// URIs may read from, exact names; empty: every s3:// URI is REJECTED (BUCKET_NOT_ALLOWED)")
        .define(ENDPOINT, Type.STRING, "", ConfigDef.LambdaValidator.with(S3Settings::validateEndpoint,
                () -> "empty, or http(s)://host[:port]"), MEDIUM,
            "An S3-compatible store (MinIO, Ceph, s3proxy, …) instead of AWS, e.g. http://10.0.0.7:9000. It goes"
                + " through the address policy like any host: a private address needs its ip:port in "
                + IngestSettings.ALLOWED_PRIVATE_ENDPOINTS + " (or " + IngestSettings.ALLOW_PRIVATE + "=true)")
        .define(PATH_STYLE, Type.BOOLEAN, false, MEDIUM,
            "Path-style requests (endpoint/bucket/key) instead of virtual-hosted (bucket.endpoint/key); most"
                + " S3-compatible stores need true")
        .define(REGION, Type.STRING, "us-east-1", MEDIUM, "The region requests are signed for")
        .define(ACCESS_KEY_ID, Type.PASSWORD, null, LOW,
            "Access key id; with " + SECRET_ACCESS_KEY + ". Unset: the AWS SDK's default chain (AWS_ACCESS_KEY_ID,"
                + " ~/.aws/credentials, web identity, container or instance role). Never logged")
        .define(SECRET_ACCESS_KEY, Type.PASSWORD, null, LOW, "Secret access key; with " + ACCESS_KEY_ID + ". Never logged");
  }

  static S3Settings from(FakeWatchConfig config) {
    Optional<Password> keyId = nonBlank(config.getPassword(ACCESS_KEY_ID));
    Optional<Password> secret = nonBlank(config.getPassword(SECRET_ACCESS_KEY));
    if (keyId.isPresent() != secret.isPresent()) {
      throw new ConfigException(ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY + " go together: set both or neither");
    }
    String endpoint = config.getString(ENDPOINT).strip();
    return new S3Settings(
        config.getList(BUCKETS).stream().map(String::strip).filter(s -> !s.isEmpty()).toList(),
        endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint)),
        config.getBoolean(PATH_STYLE),
        config.getString(REGION).strip(),
        keyId,
        secret);
  }

  private static Optional<Password> nonBlank(Password password) {
    return password == null || password.value().isBlank() ? Optional.empty() : Optional.of(password);
  }

  private static void validateEndpoint(String name, Object value) {
    String text = value == null ? "" : value.toString().strip();
    if (!text.isEmpty() && !isEndpoint(text)) {
      throw new ConfigException(name, value, "expected http(s)://host[:port], without user, query or fragment");
    }
  }

  private static boolean isEndpoint(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null
          && uri.getQuery() == null && uri.getFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
