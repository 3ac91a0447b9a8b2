package io.fakewatch.app;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows each video through the pipeline by the keys it sees on each stage's output topic (values are
 * never decoded, so frame batches cost nothing to watch) and reports the furthest stage reached.
 */
public final class ProgressWatcher implements AutoCloseable {
  /** Pipeline positions, in order. */
  public enum Stage { SUBMITTED, INGEST, DETECT, SCORE, VERDICT }

  private final Map<String, Stage> reached = new ConcurrentHashMap<>();
  private final Map<String, Stage> byTopic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  public ProgressWatcher(FakeWatchConfig config, BiConsumer<String, Stage> onChange) {
    Topics topics = new Topics(config);
    byTopic = Map.of(topics.frames.name(), Stage.INGEST, topics.crops.name(), Stage.DETECT,
        topics.scores.name(), Stage.SCORE, topics.verdicts.name(), Stage.VERDICT);
    Map<String, Object> props = KafkaClients.consumer(config, "fakewatch-progress-" + UUID.randomUUID());
    props.put("enable.auto.commit", false);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.copyOf(byTopic.keySet()));
    thread = new Thread(() -> {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Stage stage = byTopic.get(record.topic());
          if (record.key() != null && stage != null) {
            Stage before = reached.getOrDefault(record.key(), Stage.SUBMITTED);
            if (stage.compareTo(before) > 0) {
              reached.put(record.key(), stage);
              onChange.accept(record.key(), stage);
            }
          }
        }
      }
      consumer.close();
    }, "fakewatch-progress");
    thread.setDaemon(true);
    thread.start();
  }

  public Stage reached(String videoId) {
    return reached.getOrDefault(videoId, Stage.SUBMITTED);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }
}
