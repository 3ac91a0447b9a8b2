package io.fakewatch.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** A Kafka container (the official apache/kafka image, KRaft) for machines with a Docker engine. */
final class ContainerKafka implements AutoCloseable {
  private final KafkaContainer container;

  private ContainerKafka(KafkaContainer container) {
    this.container = container;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  static ContainerKafka start() {
    KafkaContainer container = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.0"))
        .withEnv("KAFKA_MESSAGE_MAX_BYTES", String.valueOf(32 * 1024 * 1024))
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
    container.start();
    return new ContainerKafka(container);
  }

  String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
