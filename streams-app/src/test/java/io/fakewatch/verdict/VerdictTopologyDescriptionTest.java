package io.fakewatch.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden file: renaming a node or store would strand state in changelog topics, so it must be deliberate. */
class VerdictTopologyDescriptionTest {
  @Test
  void topologyMatchesTheGoldenFile() throws IOException {
    FakeWatchConfig config = FakeWatchConfig.defaults();
    String described = VerdictTopology.build(VerdictSettings.from(config), new Topics(config)).describe().toString();
    try (InputStream golden = getClass().getResourceAsStream("/golden/verdict-topology.txt")) {
      assertThat(golden).as("golden file; create it from the output below if the change is deliberate:\n" + described).isNotNull();
      assertThat(described.strip()).isEqualTo(new String(golden.readAllBytes(), StandardCharsets.UTF_8).strip());
    }
  }
}
