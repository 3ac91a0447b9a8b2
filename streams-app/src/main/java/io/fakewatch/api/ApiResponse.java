package io.fakewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fakewatch.serde.AvroJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer of the API: status, content type, body and extra headers. Errors are JSON {"error", "status"}. */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json; charset=utf-8";
  public static final String JPEG = "image/jpeg";

  public static ApiResponse json(int status, JsonNode body) {
    return new ApiResponse(status, JSON, body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public static ApiResponse error(int status, String message) {
    ObjectNode body = AvroJson.MAPPER.createObjectNode();
    body.put("error", message);
    body.put("status", status);
    return json(status, body);
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiResponse(status, contentType, body, Map.copyOf(more));
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
