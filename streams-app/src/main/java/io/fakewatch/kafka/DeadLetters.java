package io.fakewatch.kafka;

import io.fakewatch.events.DeadLetter;
import io.fakewatch.metrics.FakeWatchMetrics;
import io.fakewatch.serde.EventSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a stage cannot process go to the dead-letters topic as a {@link DeadLetter}, inside the stage's
 * transaction, and the stage carries on. Logs name the record's coordinates, never its payload.
 */
public final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  public static final String STAGE_CONFIG = "fakewatch.stage";
  public static final String TOPIC_CONFIG = "fakewatch.dead-letters.topic";
  private static final EventSerde<DeadLetter> SERDE = EventSerde.of(DeadLetter.class);

  private DeadLetters() {}

  /** A dead letter for an expected failure inside a stage (unreadable video, bad crop, model error). */
  public static DeadLetter of(String stage, String reason, String message, String videoId, String uri) {
    FakeWatchMetrics.global().deadLetter(stage, reason);
    return DeadLetter.newBuilder()
        .setStage(stage)
        .setReason(reason)
        .setMessage(message)
        .setVideoId(videoId)
        .setUri(uri)
        .setAt(Instant.now())
        .build();
  }

  static ProducerRecord<byte[], byte[]> record(
      String deadLetterTopic, String stage, String reason, ErrorHandlerContext context, Exception exception) {
    byte[] key = context.sourceRawKey();
    FakeWatchMetrics.global().deadLetter(stage, reason);
    DeadLetter letter = DeadLetter.newBuilder()
        .setStage(stage)
        .setReason(reason)
        .setMessage(String.valueOf(exception.getMessage()))
        .setVideoId(key == null ? null : new String(key, StandardCharsets.UTF_8))
        .setTopic(context.topic())
        .setPartition(context.partition())
        .setOffset(context.offset())
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setPayload(context.sourceRawValue() == null ? null : ByteBuffer.wrap(context.sourceRawValue()))
        .setAt(Instant.now())
        .build();
    return new ProducerRecord<>(deadLetterTopic, key, SERDE.serialize(deadLetterTopic, letter));
  }

  private abstract static class Configured {
    String stage = "unknown";
    String topic = "dead-letters";

    public void configure(Map<String, ?> configs) {
      Object s = configs.get(STAGE_CONFIG);
      Object t = configs.get(TOPIC_CONFIG);
      stage = s == null ? stage : s.toString();
      topic = t == null ? topic : t.toString();
    }
  }

  /** Undeserializable input: dead-letter it with its coordinates and move on. */
  public static final class DeserializationHandler extends Configured implements DeserializationExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      LOG.warn("stage {}: dead-lettering undeserializable record {}-{}@{}: {}",
          stage, context.topic(), context.partition(), context.offset(), rootMessage(exception));
      return Response.resume(List.of(DeadLetters.record(topic, stage, "DESERIALIZATION", context, exception)));
    }
  }

  /** An unexpected exception while processing one record: dead-letter it rather than stop the stage. */
  public static final class ProcessingHandler extends Configured implements ProcessingExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      LOG.error("stage {}: dead-lettering record {}-{}@{} (key {}) after an unexpected failure",
          stage, context.topic(), context.partition(), context.offset(), record.key(), exception);
      return Response.resume(List.of(DeadLetters.record(topic, stage, "PROCESSING", context, exception)));
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
  }
}
