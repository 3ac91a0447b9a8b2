package io.fakewatch.serde;

import io.fakewatch.events.VideoRequest;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Requests are written as Avro, and read as Avro, as JSON ({@code {"videoId": "...", "uri": "..."}}) or as
 * a bare URI string — so kcat and kafka-console-producer can submit. Without a videoId, the id is a
 * stable hash of the URI.
 */
public final class VideoRequestSerde implements Serde<VideoRequest>, Deserializer<VideoRequest> {
  private final EventSerde<VideoRequest> avro;

  public VideoRequestSerde(SchemaCatalog catalog) {
    this.avro = EventSerde.of(VideoRequest.class, catalog);
  }

  public VideoRequestSerde() {
    this(SchemaCatalog.shipped());
  }

  @Override
  public VideoRequest deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length >= 2 && data[0] == EventSerde.MAGIC_0 && data[1] == EventSerde.MAGIC_1) {
      return avro.deserialize(topic, data);
    }
    return VideoRequests.parseText(topic, data);
  }

  @Override
  public Serializer<VideoRequest> serializer() {
    return avro;
  }

  @Override
  public Deserializer<VideoRequest> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
