package io.fakewatch.kafka;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.serde.VideoRequests;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes video requests, keyed by videoId, as Avro: what {@code submit} and {@code demo} do. */
public final class RequestPublisher implements AutoCloseable {
  private final KafkaProducer<String, VideoRequest> producer;
  private final String topic;

  public RequestPublisher(FakeWatchConfig config) {
    Topics topics = new Topics(config);
    this.topic = topics.requests.name();
    this.producer = new KafkaProducer<>(KafkaClients.producer(config), new StringSerializer(),
        topics.requests.valueSerde().serializer());
  }

  /** Publishes one request; a null videoId becomes the stable hash of the URI. Waits for the ack. */
  public VideoRequest submit(String videoId, String uri) throws ExecutionException, InterruptedException {
    VideoRequest request = VideoRequests.of(videoId, uri, Instant.now());
    producer.send(new ProducerRecord<>(topic, request.getVideoId(), request)).get();
    return request;
  }

  @Override
  public void close() {
    producer.close();
  }
}
