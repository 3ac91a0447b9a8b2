package io.fakewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeWatchConfigTest {
  @Test
  void defaultsAreValidAndExactlyOnce() {
    FakeWatchConfig config = FakeWatchConfig.defaults();
    assertThat(config.getString(ConfigKeys.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
    assertThat(config.getString(ConfigKeys.TOPIC_REQUESTS)).isEqualTo("video-requests");
    assertThat(config.getString(ConfigKeys.VERDICTS_FORMAT)).isEqualTo("avro");
  }

  @Test
  void fileThenEnvironmentThenFlagsWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("fw.properties");
    Files.writeString(file, "verdicts.format=json\ntopics.partitions=8\nbootstrap.servers=file:1\n");
    Map<String, String> env = Map.of("FAKEWATCH_TOPICS_PARTITIONS", "12", "FAKEWATCH_BOOTSTRAP_SERVERS", "env:2",
        "PATH", "/usr/bin");
    FakeWatchConfig config = FakeWatchConfig.load(file, env, Map.of("bootstrap.servers", "flag:3"));
    assertThat(config.getString(ConfigKeys.VERDICTS_FORMAT)).isEqualTo("json");       // file
    assertThat(config.getInt(ConfigKeys.TOPIC_PARTITIONS)).isEqualTo(12);             // env over file
    assertThat(config.getList(ConfigKeys.BOOTSTRAP_SERVERS)).containsExactly("flag:3"); // flag over env
    assertThat(FakeWatchConfig.environmentName("verdicts.format")).isEqualTo("FAKEWATCH_VERDICTS_FORMAT");
    assertThat(FakeWatchConfig.environmentName("topics.dead-letters")).isEqualTo("FAKEWATCH_TOPICS_DEAD_LETTERS");
  }

  @Test
  void kafkaSettingsPassThroughFromFileAndEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("fw.properties");
    Files.writeString(file, "kafka.security.protocol=SASL_SSL\n");
    FakeWatchConfig config = FakeWatchConfig.load(file,
        Map.of("FAKEWATCH_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"), Map.of());
    assertThat(config.kafkaOverrides()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }

  @Test
  void anInvalidValueNamesItsKey() {
    assertThatThrownBy(() -> FakeWatchConfig.of(Map.of("verdicts.format", "xml")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("verdicts.format").hasMessageContaining("xml");
    assertThatThrownBy(() -> FakeWatchConfig.of(Map.of("topics.partitions", "zero")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("topics.partitions");
  }

  @Test
  void anUnknownKeyIsRefusedWithASuggestion() {
    assertThatThrownBy(() -> FakeWatchConfig.of(Map.of("verdict.format", "json")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown configuration key 'verdict.format'")
        .hasMessageContaining("did you mean 'verdicts.format'");
  }
}
