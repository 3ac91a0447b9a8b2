package io.fakewatch.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain JSON for FakeWatch events, for people and for tools like kcat and jq: nullable unions become a
 * value or null (not Avro's {@code {"string": ...}} wrapping), enums their name, timestamps ISO-8601,
 * bytes base64.
 */
public final class AvroJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroJson() {}

  public static ObjectNode toJson(IndexedRecord record) {
    return (ObjectNode) write(record, record.getSchema());
  }

  public static String toJsonString(IndexedRecord record) {
    return toJson(record).toString();
  }

  /** Reads a record from JSON; a missing field takes the schema default, a missing required field is an error. */
  public static <T extends SpecificRecord> T fromJson(JsonNode json, Class<T> type) {
    Events.trustEventPackage();
    Schema schema = SpecificData.get().getSchema(type);
    return type.cast(read(json, schema, schema.getName()));
  }

  private static JsonNode write(Object value, Schema schema) {
    if (value == null) {
      return NODES.nullNode();
    }
    switch (schema.getType()) {
      case RECORD: {
        IndexedRecord record = (IndexedRecord) value;
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
          node.set(field.name(), write(record.get(field.pos()), field.schema()));
        }
        return node;
      }
      case UNION:
        return write(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
      case ARRAY: {
        ArrayNode array = NODES.arrayNode();
        for (Object item : (Iterable<?>) value) {
          array.add(write(item, schema.getElementType()));
        }
        return array;
      }
      case MAP: {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          node.set(e.getKey().toString(), write(e.getValue(), schema.getValueType()));
        }
        return node;
      }
      case BYTES: {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
      }
      case LONG:
        return value instanceof Instant instant ? NODES.textNode(instant.toString()) : NODES.numberNode((Long) value);
      case INT:
        return NODES.numberNode((Integer) value);
      case FLOAT:
        return NODES.numberNode((Float) value);
      case DOUBLE:
        return NODES.numberNode((Double) value);
      case BOOLEAN:
        return NODES.booleanNode((Boolean) value);
      default:
        return NODES.textNode(value.toString());
    }
  }

  private static Object read(JsonNode json, Schema schema, String path) {
    switch (schema.getType()) {
      case RECORD: {
        if (!json.isObject()) {
          throw new IllegalArgumentException(path + " must be a JSON object");
        }
        SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
          JsonNode child = json.get(field.name());
          Object value;
          if (child == null || child.isMissingNode()) {
            if (!field.hasDefaultValue()) {
              throw new IllegalArgumentException(path + " has no \"" + field.name() + "\" field");
            }
            value = SpecificData.get().getDefaultValue(field);
          } else {
            value = read(child, field.schema(), path + "." + field.name());
          }
          record.put(field.pos(), value);
        }
        return record;
      }
      case UNION: {
        if (json.isNull() && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
          return null;
        }
        Schema nonNull = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
            .orElseThrow();
        return read(json, nonNull, path);
      }
      case ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonNode item : json) {
          list.add(read(item, schema.getElementType(), path + "[]"));
        }
        return list;
      }
      case MAP: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          map.put(e.getKey(), read(e.getValue(), schema.getValueType(), path + "." + e.getKey()));
        }
        return map;
      }
      case ENUM:
        return SpecificData.get().createEnum(json.asText(), schema);
      case BYTES:
        return ByteBuffer.wrap(Base64.getDecoder().decode(json.asText()));
      case LONG:
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
          return json.isNumber() ? Instant.ofEpochMilli(json.asLong()) : Instant.parse(json.asText());
        }
        return json.asLong();
      case INT:
        return json.asInt();
      case FLOAT:
        return (float) json.asDouble();
      case DOUBLE:
        return json.asDouble();
      case BOOLEAN:
        return json.asBoolean();
      case STRING:
        if (!json.isValueNode() || json.isNull()) {
          throw new IllegalArgumentException(path + " must be a string");
        }
        return json.asText();
      default:
        throw new IllegalArgumentException(path + ": unsupported type " + schema.getType());
    }
  }
}
