package io.fakewatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one typed configuration of every FakeWatch process. Sources, later ones winning: the defaults, a
 * properties file, environment variables ({@code verdicts.format} ← {@code FAKEWATCH_VERDICTS_FORMAT}),
 * then CLI flags. Keys under {@code kafka.} pass straight to every Kafka client (TLS, SASL, …); any
 * other unknown key is an error that names it, so a typo never falls back to a default silently.
 */
public final class FakeWatchConfig extends AbstractConfig {
  private static final Logger LOG = LoggerFactory.getLogger(FakeWatchConfig.class);
  public static final String ENV_PREFIX = "FAKEWATCH_";
  public static final String KAFKA_PREFIX = "kafka.";

  public static final ConfigDef DEFINITION = ConfigKeys.define();
  private static final String HIDDEN = "[hidden]";
  private static final Set<String> KAFKA_PASSWORD_SETTINGS = passwordSettings(ProducerConfig.configDef(),
      ConsumerConfig.configDef(), AdminClientConfig.configDef(), StreamsConfig.configDef());

  private FakeWatchConfig(Map<String, String> values) {
    super(DEFINITION, values, false);
  }

  /** Builds and validates a config from explicit values (tests, embedded use). */
  public static FakeWatchConfig of(Map<String, String> values) {
    rejectUnknownKeys(values);
    return new FakeWatchConfig(values);
  }

  /** file (may be null) < environment < overrides. */
  public static FakeWatchConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      values.putAll(readProperties(file));
    }
    values.putAll(fromEnvironment(environment));
    values.putAll(overrides);
    FakeWatchConfig config = of(values);
    LOG.debug("effective configuration: {}", config.describe());
    return config;
  }

  public static FakeWatchConfig defaults() {
    return of(Map.of());
  }

  /** A copy with some keys replaced. */
  public FakeWatchConfig with(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(originalsStrings());
    values.putAll(overrides);
    return of(values);
  }

  public FakeWatchConfig with(String key, Object value) {
    return with(Map.of(key, String.valueOf(value)));
  }

  /** Settings for Kafka clients from the {@code kafka.} keys, prefix stripped. */
  public Map<String, Object> kafkaOverrides() {
    return new HashMap<>(originalsWithPrefix(KAFKA_PREFIX, true));
  }

  /** The name of the environment variable that sets {@code key}. */
  public static String environmentName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Every effective value, secrets masked, for {@code config --effective} and a start-up log line. */
  public String describe() {
    Map<String, Object> shown = new TreeMap<>();
    for (Map.Entry<String, ?> e : values().entrySet()) {
      ConfigDef.ConfigKey key = DEFINITION.configKeys().get(e.getKey());
      shown.put(e.getKey(), key != null && key.type == ConfigDef.Type.PASSWORD ? HIDDEN : e.getValue());
    }
    kafkaOverrides().forEach((k, v) -> shown.put(KAFKA_PREFIX + k, isSecretKafkaSetting(k) ? HIDDEN : v));
    return shown.toString();
  }

  /**
   * True for a Kafka client setting that holds a secret: every setting Kafka's own producer, consumer, admin
   * or Streams config types as PASSWORD (JAAS config, key and store passwords, PEM private keys, OAuth
   * client secrets), also under a prefix ({@code producer.}, {@code listener.name.x.}), and any name that
   * looks like one, so a plugin's own secret is masked too.
   */
  public static boolean isSecretKafkaSetting(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String secret : KAFKA_PASSWORD_SETTINGS) {
      if (lower.equals(secret) || lower.endsWith("." + secret)) {
        return true;
      }
    }
    return lower.contains("password") || lower.contains("secret") || lower.contains("jaas")
        || lower.contains("credential") || lower.endsWith(".key");
  }

  private static Set<String> passwordSettings(ConfigDef... definitions) {
    Set<String> names = new TreeSet<>();
    for (ConfigDef definition : definitions) {
      definition.configKeys().values().stream().filter(key -> key.type == ConfigDef.Type.PASSWORD)
          .forEach(key -> names.add(key.name));
    }
    return Set.copyOf(names);
  }

  static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    for (String key : DEFINITION.names()) {
      String value = environment.get(environmentName(key));
      if (value != null) {
        values.put(key, value);
      }
    }
    // the name the docs and scripts use for the model mirror
    String mirror = environment.get("FAKEWATCH_MODEL_MIRROR");
    if (mirror != null && !values.containsKey(ConfigKeys.MODELS_MIRROR)) {
      values.put(ConfigKeys.MODELS_MIRROR, mirror);
    }
    String kafkaEnv = ENV_PREFIX + "KAFKA_";
    environment.forEach((name, value) -> {
      if (name.startsWith(kafkaEnv)) {
        values.put(KAFKA_PREFIX + name.substring(kafkaEnv.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return values;
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + file, e);
    }
    Map<String, String> values = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k).strip()));
    return values;
  }

  private static void rejectUnknownKeys(Map<String, String> values) {
    for (String key : values.keySet()) {
      if (!key.startsWith(KAFKA_PREFIX) && !DEFINITION.names().contains(key)) {
        String nearest = DEFINITION.names().stream()
            .min(Comparator.comparingInt(known -> editDistance(known, key)))
            .orElse("");
        throw new ConfigException(
            "Unknown configuration key '" + key + "'"
                + (editDistance(nearest, key) <= 3 ? " (did you mean '" + nearest + "'?)" : "")
                + "; Kafka client settings go under 'kafka.'");
      }
    }
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
