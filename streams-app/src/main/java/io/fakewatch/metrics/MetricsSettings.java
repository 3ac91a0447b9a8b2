package io.fakewatch.metrics;

import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Where a process serves {@code /metrics} and {@code /health}. Port 0 asks the OS for a free port (tests,
 * several processes on one host); {@code metrics.enabled=false} serves nothing at all.
 */
public record MetricsSettings(boolean enabled, String bindAddress, int port, Duration kafkaRefresh) {
  public static final String ENABLED = "metrics.enabled";
  public static final String BIND_ADDRESS = "metrics.bind.address";
  public static final String PORT = "metrics.port";
  public static final String KAFKA_REFRESH_MS = "metrics.kafka.refresh.ms";

  public static final int DEFAULT_PORT = 9400;

  public static void define(ConfigDef def) {
    def.define(ENABLED, Type.BOOLEAN, true, MEDIUM,
            "Serve /metrics (Prometheus text) and /health over HTTP from every process that runs stages")
        .define(BIND_ADDRESS, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), LOW,
            "Address the metrics/health HTTP server binds to")
        .define(PORT, Type.INT, DEFAULT_PORT, Range.between(0, 65_535), MEDIUM,
            "Port of /metrics and /health; 0 picks a free port and logs it")
        .define(KAFKA_REFRESH_MS, Type.LONG, 30_000L, Range.atLeast(500), LOW,
            "How often Kafka Streams client metrics that appear later (new tasks and partitions after a "
                + "rebalance) are discovered and exported");
  }

  public static MetricsSettings from(FakeWatchConfig config) {
    return new MetricsSettings(config.getBoolean(ENABLED), config.getString(BIND_ADDRESS), config.getInt(PORT),
        Duration.ofMillis(config.getLong(KAFKA_REFRESH_MS)));
  }
}
