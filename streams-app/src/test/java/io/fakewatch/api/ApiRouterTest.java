package io.fakewatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.ingest.UriPolicy;
import io.fakewatch.serde.AvroJson;
import io.fakewatch.serde.VideoRequests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router on its own, no HTTP server or Kafka: scopes, validation, path smuggling, limits and the JSON
 * error bodies. The backend here answers from a list of ids and records what reached it, so a refused
 * request is seen never to reach a store lookup.
 */
class ApiRouterTest {
  private static final String READ = "r-token";
  private static final String SUBMIT = "s-token";

  /** Answers 200 for the ids it knows, 404 else; records every call. */
  private static final class KnownVideos implements VideoBackend {
    final List<String> calls = new ArrayList<>();

    @Override
    public ApiResponse list(ListQuery query, ApiRequest request) {
      calls.add("list " + query);
      return ApiResponse.json(200, AvroJson.MAPPER.createObjectNode().put("count", 0));
    }

    @Override
    public ApiResponse video(String videoId, ApiRequest request) {
      calls.add("video " + videoId);
      return videoId.equals("v-0123456789abcdef") ? ApiResponse.json(200, AvroJson.MAPPER.createObjectNode()
          .put("videoId", videoId)) : ApiResponse.error(404, "unknown video " + videoId);
    }

    @Override
    public ApiResponse thumbnail(String videoId, int trackId, int frameIndex, ApiRequest request) {
      calls.add("thumbnail " + videoId + "/" + trackId + "/" + frameIndex);
      return ApiResponse.error(404, "no thumbnail");
    }
  }

  @TempDir Path root;
  private KnownVideos backend;
  private List<VideoRequest> published;
  private ApiRouter router;

  @BeforeEach
  void setUp() {
    backend = new KnownVideos();
    published = new ArrayList<>();
    FakeWatchConfig config = FakeWatchConfig.of(Map.of(ApiSettings.READ_TOKEN, READ, ApiSettings.SUBMIT_TOKEN, SUBMIT,
        IngestSettings.FILE_ROOTS, root.toString()));
    RequestSubmitter submitter = new RequestSubmitter(new UriPolicy(IngestSettings.from(config)), (id, uri) -> {
      VideoRequest request = VideoRequests.of(id, uri, Instant.now());
      published.add(request);
      return request;
    });
    router = new ApiRouter(ApiSettings.from(config), backend, submitter);
  }

  private ApiResponse get(String rawPath, String token) {
    int q = rawPath.indexOf('?');
    return router.handle(new ApiRequest("GET", q < 0 ? rawPath : rawPath.substring(0, q),
        q < 0 ? null : rawPath.substring(q + 1), token == null ? null : "Bearer " + token, new byte[0], false));
  }

  private ApiResponse post(String body, String token) {
    return router.handle(new ApiRequest("POST", "/api/videos", null, token == null ? null : "Bearer " + token,
        body.getBytes(StandardCharsets.UTF_8), false));
  }

  private static JsonNode error(ApiResponse response, int status) throws Exception {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/json");
    JsonNode body = AvroJson.MAPPER.readTree(response.body());
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("error").asText()).isNotBlank();
    return body;
  }

  @Test
  void readAndSubmitScopes() throws Exception {
    error(get("/api/videos", null), 401);
    error(get("/api/videos", "wrong"), 401);
    error(get("/api/videos", READ.substring(1)), 401);
    assertThat(get("/api/videos", READ).status()).isEqualTo(200);
    assertThat(get("/api/videos", SUBMIT).status()).as("submit implies read").isEqualTo(200);
    Path video = Files.writeString(root.resolve("clip.mp4"), "not really a video");
    error(post("{\"uri\": \"" + video.toUri() + "\"}", READ), 403);
    assertThat(published).isEmpty();
    ApiResponse accepted = post("{\"uri\": \"" + video.toUri() + "\"}", SUBMIT);
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
    assertThat(AvroJson.MAPPER.readTree(accepted.body()).get("videoId").asText()).matches("v-[0-9a-f]{16}")
        .isEqualTo(published.get(0).getVideoId());
    assertThat(get("/api/openapi.json", null).status()).as("the API description is public").isEqualTo(200);
  }

  @Test
  void noTokenConfiguredMeansOpen() {
    ApiRouter open = new ApiRouter(ApiSettings.from(FakeWatchConfig.defaults()), backend,
        new RequestSubmitter(new UriPolicy(IngestSettings.from(FakeWatchConfig.defaults())), (id, uri) -> null));
    assertThat(open.handle(new ApiRequest("GET", "/api/videos", null, null, new byte[0], false)).status()).isEqualTo(200);
  }

  @Test
  void idsTracksFramesAndSmuggledPathsAreRefusedBeforeAnyLookup() throws Exception {
    for (String path : List.of("/api/videos/bad!id", "/api/videos/..", "/api/videos/.", "/api/videos/%2e%2e",
        "/api/videos/" + "a".repeat(129), "/api/videos/v-1/thumbnails/../../etc/passwd",
        "/api/videos/v-1/thumbnails/%2e%2e/0.jpg", "/api/videos/v-1/thumbnails/0/%2e%2e.jpg",
        "/api/videos//etc/passwd/thumbnails/0/0.jpg", "/api/videos/v-1/thumbnails/%2Fetc%2Fpasswd/0.jpg",
        "/api/videos/v-1/thumbnails//etc/0.jpg", "/api/videos/v-1/thumbnails/-1/0.jpg",
        "/api/videos/v-1/thumbnails/0/1234567890.jpg", "/api/videos/v-1/thumbnails/0/0.png",
        "/api/videos/..%2f..%2fetc/thumbnails/0/0.jpg", "/api/videos?limit=0", "/api/videos?limit=501",
        "/api/videos?limit=abc", "/api/videos?label=MAYBE", "/api/videos?status=DONE", "/api/videos?sort=id",
        "/api/videos?label=%zz")) {
      error(get(path, READ), 400);
    }
    assertThat(backend.calls).as("nothing refused reached the backend").isEmpty();
  }

  @Test
  void validRequestsReachTheBackendDecoded() throws Exception {
    assertThat(get("/api/videos/v-0123456789abcdef", READ).status()).isEqualTo(200);
    error(get("/api/videos/user.id_1-2", READ), 404);
    error(get("/api/videos/v-1/thumbnails/3/31.jpg", READ), 404);
    assertThat(get("/api/videos?label=fake&status=OK&limit=500", READ).status()).isEqualTo(200);
    assertThat(get("/api/videos", READ).status()).isEqualTo(200);
    assertThat(backend.calls).containsExactly("video v-0123456789abcdef", "video user.id_1-2", "thumbnail v-1/3/31",
        "list ListQuery[label=FAKE, status=OK, limit=500]", "list ListQuery[label=null, status=null, limit=50]");
  }

  @Test
  void bodiesUrisMethodsAndRoutes() throws Exception {
    error(post("{\"uri\": \"x" + "y".repeat(20_000) + "\"}", SUBMIT), 413);
    error(post("not json", SUBMIT), 400);
    error(post("{\"url\": \"file:///x\"}", SUBMIT), 400);
    assertThat(error(post("{\"uri\": \"file:///etc/passwd\"}", SUBMIT), 400).get("error").asText()).contains("outside");
    assertThat(error(post("{\"uri\": \"gopher://example.com/x\"}", SUBMIT), 400).get("error").asText()).contains("scheme");
    assertThat(error(post("{\"uri\": \"http://127.0.0.1:22/x\"}", SUBMIT), 400).get("error").asText()).contains("non-public");
    assertThat(error(post("{\"uri\": \"s3://other-bucket/v.mp4\"}", SUBMIT), 400).get("error").asText()).contains("ingest.s3.buckets");
    error(post("{\"uri\": \"file://" + root + "/a.mp4\", \"videoId\": \"../x\"}", SUBMIT), 400);
    assertThat(published).isEmpty();
    error(router.handle(new ApiRequest("DELETE", "/api/videos", null, "Bearer " + SUBMIT, new byte[0], false)), 405);
    error(router.handle(new ApiRequest("POST", "/api/videos/v-1", null, "Bearer " + SUBMIT, new byte[0], false)), 405);
    error(get("/api/nothing", READ), 404);
    error(get("/api/videos/v-1/frames", READ), 404);
  }

  @Test
  void theOpenApiDocumentListsEveryRoute() throws Exception {
    JsonNode doc = AvroJson.MAPPER.readTree(get("/api/openapi.json", null).body());
    assertThat(doc.get("openapi").asText()).startsWith("3.0");
    assertThat(doc.get("paths").fieldNames()).toIterable().containsExactlyInAnyOrder("/api/videos",
        "/api/videos/{videoId}", "/api/videos/{videoId}/thumbnails/{trackId}/{frameIndex}.jpg", "/api/openapi.json");
  }
}
