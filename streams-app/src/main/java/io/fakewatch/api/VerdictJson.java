package io.fakewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fakewatch.events.VerdictState;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.serde.AvroJson;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * JSON of the API's answers. A verdict is {@link AvroJson}'s form of the schema (the same field names as
 * VideoVerdict.avsc and the JSON verdicts topic); a list entry is that without tracks and segments.
 */
final class VerdictJson {
  static final String IN_FLIGHT = "IN_FLIGHT";

  private VerdictJson() {}

  static ObjectNode verdict(VideoVerdict verdict) {
    return AvroJson.toJson(verdict);
  }

  static ObjectNode summary(VideoVerdict verdict) {
    ObjectNode json = AvroJson.toJson(verdict);
    json.remove("tracks");
    json.remove("segments");
    json.put("trackCount", verdict.getTracks().size());
    json.put("segmentCount", verdict.getSegments().size());
    return json;
  }

  /** What a video still in flight has so far. */
  static ObjectNode inFlight(VerdictState state, long nowMillis) {
    ObjectNode json = AvroJson.MAPPER.createObjectNode();
    json.put("videoId", state.getVideoId());
    json.put("status", IN_FLIGHT);
    json.put("uri", state.getUri());
    json.put("requestedAt", state.getRequestedAt().toString());
    json.put("elapsedMillis", Math.max(0, nowMillis - state.getFirstSeenMillis()));
    ArrayNode stages = json.putArray("stagesSoFar");
    stages.add("verdict");
    if (state.getScoreRecords() > 0 || state.getManifest() != null) {
      stages.add("detect");
      stages.add("score");
    }
    json.put("detectDone", state.getManifest() != null);
    json.put("scoreRecords", state.getScoreRecords());
    json.put("scoredCrops", state.getScoredCrops());
    json.put("tracks", state.getTracks().size());
    ArrayNode models = json.putArray("models");
    state.getModels().forEach(models::add);
    return json;
  }

  static boolean matches(VideoVerdict verdict, VideoBackend.ListQuery query) {
    return (query.label() == null || verdict.getLabel().name().equals(query.label()))
        && (query.status() == null || verdict.getStatus().name().equals(query.status()));
  }

  /** Newest first by decidedAt, then by id, at most {@code limit}. */
  static ObjectNode list(List<JsonNode> entries, int limit, List<String> unreachable) {
    List<JsonNode> sorted = entries.stream()
        .sorted(Comparator.comparing(VerdictJson::decidedAt).reversed()
            .thenComparing(e -> e.path("videoId").asText()))
        .limit(limit).toList();
    ObjectNode json = AvroJson.MAPPER.createObjectNode();
    json.put("count", sorted.size());
    json.putArray("videos").addAll(sorted);
    if (!unreachable.isEmpty()) {
      ArrayNode missing = json.putArray("unreachableInstances");
      unreachable.forEach(missing::add);
    }
    return json;
  }

  private static Instant decidedAt(JsonNode entry) {
    JsonNode at = entry.path("decidedAt");
    try {
      return at.isNumber() ? Instant.ofEpochMilli(at.asLong()) : Instant.parse(at.asText());
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }
}
