package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fakewatch.config.FakeWatchConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  private static final String SECRET = "wJalrXUtnFEMI-not-a-real-secret";
  private static final String KEY_ID = "AKIA-not-a-real-key";

  @Test
  void theKeyPairIsNeverPrinted() {
    FakeWatchConfig config = FakeWatchConfig.of(Map.of(S3Settings.ACCESS_KEY_ID, KEY_ID, S3Settings.SECRET_ACCESS_KEY, SECRET,
        S3Settings.BUCKETS, "videos"));
    IngestSettings settings = IngestSettings.from(config);
    assertThat(settings.s3().secretAccessKey().orElseThrow().value()).isEqualTo(SECRET);
    for (String shown : new String[] {settings.toString(), settings.s3().toString(), config.describe()}) {
      assertThat(shown).doesNotContain(SECRET).doesNotContain(KEY_ID).contains("[hidden]");
    }
  }

  @Test
  void halfAKeyPairOrABadEndpointIsAConfigError() {
    assertThatThrownBy(() -> IngestSettings.from(FakeWatchConfig.of(Map.of(S3Settings.ACCESS_KEY_ID, KEY_ID))))
        .isInstanceOf(ConfigException.class).hasMessageContaining(S3Settings.SECRET_ACCESS_KEY);
    for (String bad : new String[] {"ftp://store:21", "store:9000", "http://user:pw@store:9000", "http://store?x=1"}) {
      assertThatThrownBy(() -> FakeWatchConfig.of(Map.of(S3Settings.ENDPOINT, bad))).as(bad)
          .isInstanceOf(ConfigException.class).hasMessageContaining(S3Settings.ENDPOINT);
    }
    assertThat(IngestSettings.from(FakeWatchConfig.of(Map.of(S3Settings.ENDPOINT, "http://10.0.0.7:9000"))).s3().endpoint())
        .hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(9000));
  }
}
