package io.fakewatch.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code /health} answers: UP (HTTP 200) or DOWN (503), why, and each stage's Kafka Streams state.
 * {@code models} is "loaded" once every expected stage has opened its engines (a stage is attached only
 * after its plan, which loads its models, returned).
 */
public record Health(boolean up, String reason, String models, Map<String, String> stages) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Health {
    Objects.requireNonNull(reason);
    Objects.requireNonNull(models);
    stages = Map.copyOf(stages);
  }

  public int httpStatus() {
    return up ? 200 : 503;
  }

  public String json() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("reason", reason);
    body.put("models", models);
    body.put("stages", new java.util.TreeMap<>(stages));
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render health", e);
    }
  }
}
