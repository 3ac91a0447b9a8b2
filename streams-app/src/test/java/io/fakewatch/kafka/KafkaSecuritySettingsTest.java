package io.fakewatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.StageRegistry;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS settings under {@code kafka.} reach every Kafka client FakeWatch builds, as Kafka itself parses them,
 * and no secret shows in the effective-config print. No TLS listener here: making a certificate in-test
 * needs keytool or JDK-internal APIs; SaslPlainIT proves the same pass-through against a real SASL listener.
 */
class KafkaSecuritySettingsTest {
  private static final String TRUSTSTORE_PASSWORD = "ts-secret-7Qx";
  private static final String KEYSTORE_PASSWORD = "ks-secret-9Zr";
  private static final String KEY_PASSWORD = "key-secret-3Pw";

  private static final Map<String, String> TLS = Map.of(
      "kafka.security.protocol", "SSL",
      "kafka.ssl.truststore.location", "/etc/fakewatch/tls/truststore.p12",
      "kafka.ssl.truststore.type", "PKCS12",
      "kafka.ssl.truststore.password", TRUSTSTORE_PASSWORD,
      "kafka.ssl.keystore.location", "/etc/fakewatch/tls/keystore.p12",
      "kafka.ssl.keystore.password", KEYSTORE_PASSWORD,
      "kafka.ssl.key.password", KEY_PASSWORD,
      "kafka.ssl.endpoint.identification.algorithm", "https");

  @Test
  void tlsSettingsReachEveryClientAsKafkaParsesThem() {
    FakeWatchConfig config = FakeWatchConfig.of(TLS);
    Map<String, AbstractConfig> clients = new LinkedHashMap<>();
    clients.put("admin (topics, provisioner)", new AdminClientConfig(KafkaClients.admin(config)));
    clients.put("producer (submit, RequestPublisher)", producerConfig(KafkaClients.producer(config)));
    clients.put("consumer (verdicts, VerdictReader)", consumerConfig(KafkaClients.consumer(config, "g")));
    // every stage's Kafka Streams app, and each client Streams makes inside it, from Streams' own derivation
    for (String stage : StageRegistry.names()) {
      StreamsConfig streams = new StreamsConfig(KafkaClients.streams(config, stage));
      String id = stage + "-client";
      clients.put(stage + " main consumer", consumerConfig(streams.getMainConsumerConfigs("g", id, 0)));
      clients.put(stage + " restore consumer", consumerConfig(streams.getRestoreConsumerConfigs(id)));
      clients.put(stage + " global consumer", consumerConfig(streams.getGlobalConsumerConfigs(id)));
      clients.put(stage + " producer", producerConfig(streams.getProducerConfigs(id)));
      clients.put(stage + " admin", new AdminClientConfig(streams.getAdminConfigs(id)));
    }
    assertThat(clients).hasSize(3 + 5 * StageRegistry.names().size());
    clients.forEach((client, parsed) -> {
      assertThat(parsed.getString("security.protocol")).as(client).isEqualTo("SSL");
      assertThat(parsed.getString("ssl.truststore.location")).as(client).isEqualTo("/etc/fakewatch/tls/truststore.p12");
      assertThat(parsed.getString("ssl.keystore.location")).as(client).isEqualTo("/etc/fakewatch/tls/keystore.p12");
      assertThat(parsed.getString("ssl.truststore.type")).as(client).isEqualTo("PKCS12");
      assertThat(parsed.getPassword("ssl.truststore.password").value()).as(client).isEqualTo(TRUSTSTORE_PASSWORD);
      assertThat(parsed.getPassword("ssl.keystore.password").value()).as(client).isEqualTo(KEYSTORE_PASSWORD);
      assertThat(parsed.getPassword("ssl.key.password").value()).as(client).isEqualTo(KEY_PASSWORD);
      assertThat(parsed.getString("ssl.endpoint.identification.algorithm")).as(client).isEqualTo("https");
    });
  }

  @Test
  void everySecretKafkaSettingIsHiddenInTheEffectiveConfig() {
    Map<String, String> values = new HashMap<>(TLS);
    // each setting Kafka's clients type as PASSWORD gets a value of its own, so a leak names the setting
    List<String> kafkaSecrets = passwordSettings(ProducerConfig.configDef(), ConsumerConfig.configDef(),
        AdminClientConfig.configDef(), StreamsConfig.configDef());
    assertThat(kafkaSecrets).contains("sasl.jaas.config", "ssl.key.password", "ssl.keystore.password",
        "ssl.truststore.password", "ssl.keystore.key");
    kafkaSecrets.forEach(name -> values.put("kafka." + name, "leak-of-" + name));
    values.put("kafka.producer.sasl.jaas.config", "leak-of-prefixed-jaas");     // a Streams client prefix
    values.put("kafka.sasl.login.plugin.client.secret", "leak-of-plugin-secret"); // a setting Kafka does not know
    FakeWatchConfig config = FakeWatchConfig.of(values);

    String described = config.describe();
    assertThat(described).doesNotContain("leak-of-", TRUSTSTORE_PASSWORD, KEYSTORE_PASSWORD, KEY_PASSWORD)
        .contains("kafka.sasl.jaas.config=[hidden]", "kafka.producer.sasl.jaas.config=[hidden]")
        // what is not secret stays readable: it is what an operator checks first
        .contains("kafka.security.protocol=SSL", "kafka.ssl.truststore.location=/etc/fakewatch/tls/truststore.p12");
    kafkaSecrets.forEach(name -> assertThat(FakeWatchConfig.isSecretKafkaSetting(name)).as(name).isTrue());
    assertThat(FakeWatchConfig.isSecretKafkaSetting("ssl.truststore.location")).isFalse();
    assertThat(FakeWatchConfig.isSecretKafkaSetting("security.protocol")).isFalse();
  }

  @Test
  void theConfigCommandPrintsNoSecret() {
    CliRun run = CliRun.of("config", "--effective", "--set", "kafka.ssl.keystore.password=" + KEYSTORE_PASSWORD,
        "--set", "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"u\" password=\"" + KEY_PASSWORD + "\";");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("kafka.ssl.keystore.password=[hidden]", "kafka.sasl.jaas.config=[hidden]")
        .doesNotContain(KEYSTORE_PASSWORD, KEY_PASSWORD);
  }

  @Test
  void aSecretCanComeFromAFileThroughKafkasConfigProvider(@TempDir Path dir) throws Exception {
    Path secrets = dir.resolve("kafka-secrets.properties");
    Files.writeString(secrets, "truststore.password=" + TRUSTSTORE_PASSWORD + "\n");
    Map<String, String> values = new HashMap<>(TLS);
    values.put("kafka.config.providers", "file");
    values.put("kafka.config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
    values.put("kafka.ssl.truststore.password", "${file:" + secrets + ":truststore.password}");
    FakeWatchConfig config = FakeWatchConfig.of(values);

    assertThat(producerConfig(KafkaClients.producer(config)).getPassword("ssl.truststore.password").value())
        .isEqualTo(TRUSTSTORE_PASSWORD);
    StreamsConfig streams = new StreamsConfig(KafkaClients.streams(config, "ingest"));
    assertThat(consumerConfig(streams.getMainConsumerConfigs("g", "c", 0)).getPassword("ssl.truststore.password")
        .value()).isEqualTo(TRUSTSTORE_PASSWORD);
    assertThat(config.describe()).doesNotContain(TRUSTSTORE_PASSWORD);
  }

  /** As KafkaProducer parses its settings: the serializers come from its constructor (RequestPublisher, Streams). */
  private static ProducerConfig producerConfig(Map<String, Object> settings) {
    Map<String, Object> withSerializers = new HashMap<>(settings);
    withSerializers.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    withSerializers.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new ProducerConfig(withSerializers);
  }

  private static ConsumerConfig consumerConfig(Map<String, Object> settings) {
    Map<String, Object> withDeserializers = new HashMap<>(settings);
    withDeserializers.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    withDeserializers.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new ConsumerConfig(withDeserializers);
  }

  private static List<String> passwordSettings(ConfigDef... definitions) {
    return java.util.Arrays.stream(definitions).flatMap(d -> d.configKeys().values().stream())
        .filter(key -> key.type == ConfigDef.Type.PASSWORD).map(key -> key.name).distinct().sorted().toList();
  }
}
