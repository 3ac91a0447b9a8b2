package io.fakewatch.testing;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.evidence.EvidenceSettings;
import io.fakewatch.kafka.Topics;
import io.fakewatch.verdict.VerdictSettings;
import io.fakewatch.verdict.VerdictTopology;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The verdict stage's topology in a TopologyTestDriver, with its input and output topics, for tests. */
public record VerdictDriver(TopologyTestDriver driver, Topics topics, TestInputTopic<String, VideoRequest> requests,
                            TestInputTopic<String, SpecificRecord> scores, TestOutputTopic<String, VideoVerdict> verdicts)
    implements AutoCloseable {

  /** @param values config over the defaults; {@code t0} the driver's wall clock at start */
  public static VerdictDriver start(Map<String, String> values, Instant t0) {
    FakeWatchConfig config = FakeWatchConfig.of(values);
    Topics topics = new Topics(config);
    TopologyTestDriver driver = new TopologyTestDriver(VerdictTopology.build(VerdictSettings.from(config),
        EvidenceSettings.from(config), topics), new Properties(), t0);
    return new VerdictDriver(driver, topics,
        driver.createInputTopic(topics.requests.name(), topics.requests.keySerde().serializer(),
            topics.requests.valueSerde().serializer()),
        driver.createInputTopic(topics.scores.name(), topics.scores.keySerde().serializer(),
            topics.scores.valueSerde().serializer()),
        driver.createOutputTopic(topics.verdicts.name(), topics.verdicts.keySerde().deserializer(),
            topics.verdicts.valueSerde().deserializer()));
  }

  @Override
  public void close() {
    driver.close();
  }
}
