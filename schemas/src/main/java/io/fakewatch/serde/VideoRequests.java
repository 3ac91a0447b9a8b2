package io.fakewatch.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fakewatch.events.VideoRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;

/** Building and reading requests in the three forms clients publish: Avro, JSON, or a bare URI. */
public final class VideoRequests {
  private VideoRequests() {}

  /** A stable id for a URI, so the same URI submitted twice by different tools gets the same videoId. */
  public static String idForUri(String uri) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      return "v-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static VideoRequest of(String videoId, String uri, Instant requestedAt) {
    String normalized = normalizeUri(uri);
    return VideoRequest.newBuilder()
        .setVideoId(videoId == null || videoId.isBlank() ? idForUri(normalized) : videoId)
        .setUri(normalized)
        .setRequestedAt(requestedAt)
        .build();
  }

  /** An absolute file path is taken as a file: URI; anything else must already carry a scheme. */
  public static String normalizeUri(String raw) {
    String uri = raw.strip();
    if (uri.startsWith("/")) {
      return Path.of(uri).toUri().toString();
    }
    return uri;
  }

  /** Parses a JSON or bare-URI request; Avro is handled by the caller. */
  static VideoRequest parseText(String topic, byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new SerializationException("empty request on " + topic + ": send a URI, JSON {\"uri\": ...} or Avro");
    }
    if (text.startsWith("{")) {
      return parseJson(topic, text);
    }
    if (text.indexOf('\n') >= 0 || text.indexOf(' ') >= 0 || !looksLikeUri(text)) {
      throw new SerializationException(
          "request on " + topic + " is neither Avro, JSON nor a URI (" + data.length + " bytes)");
    }
    return of(null, text, Instant.now());
  }

  private static boolean looksLikeUri(String text) {
    if (text.startsWith("/")) {
      return true;
    }
    try {
      return URI.create(text).getScheme() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static VideoRequest parseJson(String topic, String text) {
    JsonNode json;
    try {
      json = AvroJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SerializationException("request on " + topic + " is not valid JSON: " + e.getOriginalMessage());
    }
    JsonNode uri = json.get("uri");
    if (uri == null || !uri.isTextual() || uri.asText().isBlank()) {
      throw new SerializationException("JSON request on " + topic + " has no \"uri\" string field");
    }
    JsonNode id = json.get("videoId");
    JsonNode at = json.get("requestedAt");
    Instant requestedAt = at == null ? Instant.now()
        : at.isNumber() ? Instant.ofEpochMilli(at.asLong()) : Instant.parse(at.asText());
    VideoRequest request = of(id == null || id.isNull() ? null : id.asText(), uri.asText(), requestedAt);
    JsonNode submitter = json.get("submitter");
    if (submitter != null && submitter.isTextual()) {
      request.setSubmitter(submitter.asText());
    }
    return request;
  }
}
