package io.fakewatch.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (2-byte magic, 8-byte schema fingerprint, Avro binary) for one or several
 * event types on one topic. The writer's schema is looked up by fingerprint in a {@link SchemaCatalog},
 * then resolved against the reader's class: an old reader reads a newer writer's records (new fields
 * dropped, missing ones defaulted), and an unknown fingerprint is a clear error, not garbage.
 *
 * <p>A topic may carry several types (face-crops carries FaceCrops and, last, a CropManifest): the
 * writer schema's full name picks the class to decode into.
 */
public final class EventSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
  static final byte MAGIC_0 = (byte) 0xC3;
  static final byte MAGIC_1 = (byte) 0x01;
  private static final int HEADER_BYTES = 10;

  private final Class<T> baseType;
  private final SchemaCatalog catalog;
  private final Map<String, BinaryMessageDecoder<? extends T>> decoders = new HashMap<>();
  private final Map<Class<?>, BinaryMessageEncoder<T>> encoders = new HashMap<>();

  private EventSerde(Class<T> baseType, List<Class<? extends T>> types, SchemaCatalog catalog) {
    Events.trustEventPackage();
    AvroLimits.apply();
    this.baseType = baseType;
    this.catalog = catalog;
    for (Class<? extends T> type : types) {
      Schema schema = SpecificData.get().getSchema(type);
      catalog.add(schema); // a serde always reads what it writes, state-store types included
      decoders.put(schema.getFullName(), new BinaryMessageDecoder<>(SpecificData.get(), schema, catalog));
      encoders.put(type, new BinaryMessageEncoder<>(SpecificData.get(), schema));
    }
  }

  /** A serde for one event type, with the shipped schemas. */
  public static <T extends SpecificRecord> EventSerde<T> of(Class<T> type) {
    return of(type, SchemaCatalog.shipped());
  }

  public static <T extends SpecificRecord> EventSerde<T> of(Class<T> type, SchemaCatalog catalog) {
    return new EventSerde<>(type, List.of(type), catalog);
  }

  /** A serde for a topic that carries several event types. */
  @SafeVarargs
  public static EventSerde<SpecificRecord> ofAny(SchemaCatalog catalog, Class<? extends SpecificRecord>... types) {
    return new EventSerde<>(SpecificRecord.class, List.of(types), catalog);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    BinaryMessageEncoder<T> encoder = encoders.get(data.getClass());
    if (encoder == null) {
      throw new SerializationException(
          "topic " + topic + " does not carry " + data.getClass().getSimpleName() + " (it carries " + typeNames() + ")");
    }
    try {
      ByteBuffer buffer = encoder.encode(data);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot encode " + data.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < HEADER_BYTES || data[0] != MAGIC_0 || data[1] != MAGIC_1) {
      throw new SerializationException(
          "record on " + topic + " is not an Avro single-object event (" + data.length
              + " bytes, no C3 01 header); expected " + typeNames());
    }
    long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Schema writer = catalog.findByFingerprint(fingerprint);
    if (writer == null) {
      throw new SerializationException(
          String.format(
              "record on %s has unknown schema fingerprint %016x: written by a newer or foreign writer; "
                  + "add its .avsc to serde.schema.dir (%d schemas known)",
              topic, fingerprint, catalog.size()));
    }
    BinaryMessageDecoder<? extends T> decoder = decoders.get(writer.getFullName());
    if (decoder == null) {
      throw new SerializationException(
          "record on " + topic + " is a " + writer.getFullName() + ", but this topic carries " + typeNames());
    }
    try {
      return baseType.cast(decoder.decode(data));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "record on " + topic + " claims schema " + writer.getName() + " but its body does not decode: " + e, e);
    }
  }

  private String typeNames() {
    return decoders.keySet().stream().map(n -> n.substring(n.lastIndexOf('.') + 1)).sorted()
        .collect(Collectors.joining(" or "));
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
