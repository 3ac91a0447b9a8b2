package io.fakewatch.kafka;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VideoVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads committed verdicts (isolation.level=read_committed) from the start of the verdicts topic. */
public final class VerdictReader implements AutoCloseable {
  private final KafkaConsumer<String, VideoVerdict> consumer;

  public VerdictReader(FakeWatchConfig config) {
    Topics topics = new Topics(config);
    // A fresh group each time: reading verdicts never moves anyone else's offsets.
    Map<String, Object> props = KafkaClients.consumer(config, "fakewatch-verdicts-" + UUID.randomUUID());
    props.put("enable.auto.commit", false);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), topics.verdicts.valueSerde().deserializer());
    consumer.subscribe(List.of(topics.verdicts.name()));
  }

  public List<VideoVerdict> poll(Duration timeout) {
    List<VideoVerdict> verdicts = new ArrayList<>();
    for (ConsumerRecord<String, VideoVerdict> record : consumer.poll(timeout)) {
      if (record.value() != null) {
        verdicts.add(record.value());
      }
    }
    return verdicts;
  }

  /** True once the consumer has read up to the end of every assigned partition. */
  public boolean caughtUp() {
    var assignment = consumer.assignment();
    if (assignment.isEmpty()) {
      return false;
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(assignment);
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  @Override
  public void close() {
    consumer.close();
  }
}
