package io.fakewatch.serde;

import io.fakewatch.events.VideoVerdict;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Verdicts written as Avro (default) or plain JSON ({@code verdicts.format=json}); read in either form. */
public final class VerdictSerde implements Serde<VideoVerdict>, Serializer<VideoVerdict>, Deserializer<VideoVerdict> {
  public enum Format {
    AVRO,
    JSON;

    public static Format parse(String text) {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
  }

  private final Format format;
  private final EventSerde<VideoVerdict> avro;

  public VerdictSerde(Format format, SchemaCatalog catalog) {
    this.format = format;
    this.avro = EventSerde.of(VideoVerdict.class, catalog);
  }

  public VerdictSerde(Format format) {
    this(format, SchemaCatalog.shipped());
  }

  @Override
  public byte[] serialize(String topic, VideoVerdict verdict) {
    if (verdict == null) {
      return null;
    }
    return format == Format.AVRO
        ? avro.serialize(topic, verdict)
        : AvroJson.toJsonString(verdict).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public VideoVerdict deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length > 0 && data[0] == '{') {
      try {
        return AvroJson.fromJson(AvroJson.MAPPER.readTree(data), VideoVerdict.class);
      } catch (java.io.IOException | IllegalArgumentException e) {
        throw new SerializationException("JSON verdict on " + topic + " does not parse: " + e.getMessage());
      }
    }
    return avro.deserialize(topic, data);
  }

  @Override
  public Serializer<VideoVerdict> serializer() {
    return this;
  }

  @Override
  public Deserializer<VideoVerdict> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
