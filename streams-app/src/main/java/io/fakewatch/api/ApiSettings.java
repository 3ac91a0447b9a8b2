package io.fakewatch.api;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * The REST API of the verdict stage, served on the metrics server's port. Two bearer tokens: read (GET
 * routes) and submit (POST /api/videos; it reads too). With neither set the server binds to loopback only.
 */
public record ApiSettings(boolean enabled, String readToken, String submitToken, String advertisedHost,
    int maxBodyBytes, Duration forwardTimeout) {
  public static final String ENABLED = "api.enabled";
  public static final String READ_TOKEN = "console.token.read";
  public static final String SUBMIT_TOKEN = "console.token.submit";
  public static final String ADVERTISED_HOST = "api.advertised.host";
  public static final String MAX_BODY_BYTES = "api.max.body.bytes";
  public static final String FORWARD_TIMEOUT_MS = "api.forward.timeout.ms";

  public static void define(ConfigDef def) {
    def.define(ENABLED, Type.BOOLEAN, true, MEDIUM,
            "Serve the REST API (/api/...) on the metrics server of a process that runs the verdict stage")
        .define(READ_TOKEN, Type.PASSWORD, "", HIGH,
            "Bearer token of the read scope (GET /api/...). With no token set the server binds to loopback only")
        .define(SUBMIT_TOKEN, Type.PASSWORD, "", HIGH,
            "Bearer token of the submit scope (POST /api/videos; also reads)")
        .define(ADVERTISED_HOST, Type.STRING, "", MEDIUM,
            "Host name other verdict instances reach this one's API on (its application.server); empty: the "
                + "bind address, or this machine's host name when bound to every interface")
        .define(MAX_BODY_BYTES, Type.INT, 16_384, Range.between(256, 1_048_576), LOW,
            "Largest request body the API reads; a larger one answers 413")
        .define(FORWARD_TIMEOUT_MS, Type.LONG, 5_000L, Range.between(100, 120_000), LOW,
            "How long a query forwarded to the verdict instance that owns the video may take");
  }

  public static ApiSettings from(FakeWatchConfig config) {
    return new ApiSettings(config.getBoolean(ENABLED), secret(config.getPassword(READ_TOKEN)),
        secret(config.getPassword(SUBMIT_TOKEN)), config.getString(ADVERTISED_HOST).strip(),
        config.getInt(MAX_BODY_BYTES), Duration.ofMillis(config.getLong(FORWARD_TIMEOUT_MS)));
  }

  private static String secret(Password password) {
    return password == null ? "" : password.value().strip();
  }

  public boolean tokensConfigured() {
    return !readToken.isEmpty() || !submitToken.isEmpty();
  }

  @Override
  public String toString() {
    return "ApiSettings[enabled=" + enabled + ", tokens=" + (tokensConfigured() ? "[hidden]" : "none")
        + ", advertisedHost=" + advertisedHost + ", maxBodyBytes=" + maxBodyBytes + "]";
  }
}
