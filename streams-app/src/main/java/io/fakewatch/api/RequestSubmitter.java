package io.fakewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.ingest.IngestFailure;
import io.fakewatch.ingest.UriPolicy;
import io.fakewatch.serde.AvroJson;
import io.fakewatch.serde.VideoRequests;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /api/videos: {@code {"uri": "...", "videoId": optional}} checked by ingest's URI policy (scheme, file
 * roots, no private addresses), then published on the requests topic. A policy refusal is a 400 with its
 * reason; what only fetching can tell (a file that is not there, a host that does not resolve) is left to
 * ingest, which may see other files and names than this process, and ends in that video's verdict.
 */
final class RequestSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(RequestSubmitter.class);

  /** Publishes one request and waits for the ack: RequestPublisher::submit. */
  @FunctionalInterface
  interface Publisher {
    VideoRequest publish(String videoId, String uri) throws Exception;
  }

  private final UriPolicy policy;
  private final Publisher publisher;

  RequestSubmitter(UriPolicy policy, Publisher publisher) {
    this.policy = policy;
    this.publisher = publisher;
  }

  ApiResponse submit(byte[] body) {
    JsonNode json;
    try {
      json = AvroJson.MAPPER.readTree(body);
    } catch (Exception e) {
      return ApiResponse.error(400, "body is not valid JSON; send {\"uri\": \"...\"}");
    }
    if (json == null || !json.isObject() || !json.path("uri").isTextual() || json.path("uri").asText().isBlank()) {
      return ApiResponse.error(400, "body needs a \"uri\" string field");
    }
    String videoId = null;
    if (json.hasNonNull("videoId")) {
      try {
        videoId = Validation.videoId(json.get("videoId").asText());
      } catch (Validation.Invalid e) {
        return ApiResponse.error(400, e.getMessage());
      }
    }
    String uri = VideoRequests.normalizeUri(json.get("uri").asText());
    try {
      URI parsed = policy.parse(uri);
      if ("file".equalsIgnoreCase(parsed.getScheme())) {
        policy.checkFile(parsed);
      } else if ("s3".equalsIgnoreCase(parsed.getScheme())) {
        policy.checkS3(parsed); // the bucket; the store's address is ingest's to check
      } else {
        policy.checkHost(parsed);
      }
    } catch (IngestFailure e) {
      if (e.status() == Status.REJECTED) {
        return ApiResponse.error(400, "URI refused: " + e.getMessage());
      }
      LOG.debug("submitted URI {} not fetchable here ({}); ingest decides", uri, e.getMessage());
    }
    VideoRequest request;
    try {
      request = publisher.publish(videoId, uri);
    } catch (Exception e) {
      LOG.warn("video {}: publishing the request failed: {}", videoId, e.toString());
      return ApiResponse.error(503, "the request could not be published; try again");
    }
    LOG.info("video {}: submitted through the API ({})", request.getVideoId(), request.getUri());
    ObjectNode answer = AvroJson.MAPPER.createObjectNode();
    answer.put("videoId", request.getVideoId());
    answer.put("uri", request.getUri());
    answer.put("status", "SUBMITTED");
    return ApiResponse.json(202, answer).withHeader("Location", "/api/videos/" + request.getVideoId());
  }
}
