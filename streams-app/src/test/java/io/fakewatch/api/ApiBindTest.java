package io.fakewatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.metrics.MetricsSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a console token the HTTP server of a verdict process binds to loopback; tokens stay masked. */
class ApiBindTest {
  @Test
  void noTokenBindsLoopbackOnly() {
    FakeWatchConfig none = FakeWatchConfig.defaults();
    assertThat(MetricsSettings.from(none).bindAddress()).isEqualTo("0.0.0.0");
    assertThat(ApiServer.bindSettings(MetricsSettings.from(none), none).bindAddress()).isEqualTo("127.0.0.1");

    FakeWatchConfig token = FakeWatchConfig.of(Map.of(ApiSettings.READ_TOKEN, "secret-read"));
    assertThat(ApiServer.bindSettings(MetricsSettings.from(token), token).bindAddress()).isEqualTo("0.0.0.0");

    FakeWatchConfig off = FakeWatchConfig.of(Map.of(ApiSettings.ENABLED, "false"));
    assertThat(ApiServer.bindSettings(MetricsSettings.from(off), off).bindAddress()).isEqualTo("0.0.0.0");
  }

  @Test
  void tokensAreMaskedInTheEffectiveConfig() {
    FakeWatchConfig config = FakeWatchConfig.of(Map.of(ApiSettings.READ_TOKEN, "secret-read",
        ApiSettings.SUBMIT_TOKEN, "secret-submit"));
    assertThat(config.describe()).doesNotContain("secret-read").doesNotContain("secret-submit");
    assertThat(ApiSettings.from(config).toString()).doesNotContain("secret");
    assertThat(ApiSettings.from(config).submitToken()).isEqualTo("secret-submit");
  }
}
