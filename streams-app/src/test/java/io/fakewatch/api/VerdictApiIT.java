package io.fakewatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fakewatch.app.StageRegistry;
import io.fakewatch.app.StageRunner;
import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.evidence.EvidenceStores;
import io.fakewatch.metrics.FakeWatchMetrics;
import io.fakewatch.metrics.MetricsServer;
import io.fakewatch.metrics.MetricsSettings;
import io.fakewatch.metrics.ProcessMonitor;
import io.fakewatch.serde.AvroJson;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API against a real broker, 4 partitions, two verdict instances (A runs every stage, B only the
 * verdict stage), each with its own HTTP server: every video answered by either instance (one of them
 * forwarding to the owner), 202 while in flight, thumbnails as JPEGs, the list merged over both, and every
 * refusal (400, 401, 403, 404, 405, 413) as a JSON error.
 */
class VerdictApiIT {
  private static final String READ = "read-token-for-tests";
  private static final String SUBMIT = "submit-token-for-tests";

  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  private record Instance(MetricsServer http, ApiServer api, StageRunner stages) implements AutoCloseable {
    int port() {
      return http.port();
    }

    KafkaStreams verdict() {
      return stages.streams("verdict").orElseThrow();
    }

    @Override
    public void close() {
      api.close();
      stages.close();
      http.close();
    }
  }

  private static Instance start(FakeWatchConfig config, String stages) throws Exception {
    ProcessMonitor monitor = ProcessMonitor.forConfig(config);
    MetricsServer http = MetricsServer.start(ApiServer.bindSettings(MetricsSettings.from(config), config),
        FakeWatchMetrics.global(), monitor::health);
    ApiServer api = ApiServer.mount(http, config);
    StageRunner runner = StageRunner.start(config, StageRegistry.select(stages), Duration.ofMinutes(2), monitor,
        api.stageProperties());
    api.attach(runner);
    return new Instance(http, api, runner);
  }

  @Test
  void everyVideoIsAnsweredByEitherVerdictInstance(@TempDir Path stateA, @TempDir Path stateB) throws Exception {
    Map<String, String> settings = new HashMap<>(PipelineTestSettings.forVideos(SharedData.videos()));
    settings.put(ConfigKeys.TOPIC_PARTITIONS, "4");
    settings.put(MetricsSettings.PORT, "0");
    settings.put(ApiSettings.READ_TOKEN, READ);
    settings.put(ApiSettings.SUBMIT_TOKEN, SUBMIT);
    settings.put(ApiSettings.ADVERTISED_HOST, "127.0.0.1");
    FakeWatchConfig config = KAFKA.config(settings);
    List<Path> videos = SharedData.allVideos().subList(0, 4);

    try (Instance a = start(config.with(ConfigKeys.STATE_DIR, stateA), "all");
         Instance b = start(config.with(ConfigKeys.STATE_DIR, stateB), "verdict")) {
      awaitTwoOwners(a, b);
      refusals(a.port(), videos.get(0));

      Map<String, Path> ids = new LinkedHashMap<>();
      for (Path video : videos) {
        ApiHttp.Response submitted = ApiHttp.post(a.port(), "/api/videos", SUBMIT,
            "{\"uri\": \"" + video.toUri() + "\"}");
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
        ids.put(json(submitted).get("videoId").asText(), video);
      }
      String first = ids.keySet().iterator().next();
      // right after the request, the video is known and undecided: 202 with its status so far (from either instance)
      JsonNode inFlight = awaitStatus(b.port(), first, 202, Duration.ofSeconds(30));
      assertThat(inFlight.get("status").asText()).isEqualTo("IN_FLIGHT");
      assertThat(inFlight.get("videoId").asText()).isEqualTo(first);
      assertThat(inFlight.get("stagesSoFar").isArray()).isTrue();

      Set<HostInfo> owners = new HashSet<>();
      for (String id : ids.keySet()) {
        JsonNode fromA = awaitStatus(a.port(), id, 200, Duration.ofMinutes(4));
        JsonNode fromB = awaitStatus(b.port(), id, 200, Duration.ofSeconds(30));
        assertThat(fromB).as("both instances answer the same verdict").isEqualTo(fromA);
        assertThat(fromA.get("uri").asText()).isEqualTo(ids.get(id).toUri().toString());
        owners.add(a.verdict().queryMetadataForKey(EvidenceStores.VERDICTS, id, Serdes.String().serializer()).activeHost());
        assertThumbnails(a.port(), b.port(), id, fromA);
      }
      System.out.println("verdict owners of the " + ids.size() + " videos: " + owners);

      for (int port : List.of(a.port(), b.port())) {
        JsonNode list = json(ApiHttp.get(port, "/api/videos", READ));
        List<String> listed = new ArrayList<>();
        list.get("videos").forEach(v -> listed.add(v.get("videoId").asText()));
        assertThat(listed).as("list merged over both instances").containsExactlyInAnyOrderElementsOf(ids.keySet());
        assertThat(list.get("videos").get(0).has("tracks")).as("list entries are summaries").isFalse();
        assertThat(json(ApiHttp.get(port, "/api/videos?limit=2", READ)).get("videos")).hasSize(2);
        String label = list.get("videos").get(0).get("label").asText();
        json(ApiHttp.get(port, "/api/videos?label=" + label.toLowerCase(), READ)).get("videos")
            .forEach(v -> assertThat(v.get("label").asText()).isEqualTo(label));
      }
      assertThat(ApiHttp.get(a.port(), "/api/videos/" + first + "/thumbnails/9999/0.jpg", READ).status()).isEqualTo(404);
    }
  }

  /** Waits until each instance owns some verdict partitions, so both answer and forward. */
  private static void awaitTwoOwners(Instance a, Instance b) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      if (a.verdict().state() == KafkaStreams.State.RUNNING && b.verdict().state() == KafkaStreams.State.RUNNING
          && a.verdict().streamsMetadataForStore(EvidenceStores.VERDICTS).size() == 2
          && a.verdict().streamsMetadataForStore(EvidenceStores.VERDICTS).stream().allMatch(m -> !m.topicPartitions().isEmpty())) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the two verdict instances did not share the partitions");
  }

  private interface Call {
    ApiHttp.Response get() throws Exception;
  }

  /** The answer once the verdict stage is not starting or rebalancing (at most 60 s of 503s). */
  private static ApiHttp.Response untilSettled(Call call) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    ApiHttp.Response response = call.get();
    while (response.status() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      response = call.get();
    }
    return response;
  }

  private static void refusals(int port, Path video) throws Exception {
    assertError(ApiHttp.get(port, "/api/videos", null), 401);
    assertError(ApiHttp.get(port, "/api/videos", "not-a-token"), 401);
    assertError(ApiHttp.post(port, "/api/videos", READ, "{\"uri\": \"" + video.toUri() + "\"}"), 403);
    assertError(ApiHttp.get(port, "/api/videos/bad!id", READ), 400);
    // a rebalance may still be settling after both instances own partitions: 503 until it has
    assertError(untilSettled(() -> ApiHttp.get(port, "/api/videos/v-0000000000000000", READ)), 404);
    assertError(ApiHttp.get(port, "/api/videos/x/thumbnails/../../../etc/passwd", READ), 400);
    assertError(ApiHttp.get(port, "/api/videos/x/thumbnails/%2e%2e/0.jpg", READ), 400);
    assertError(ApiHttp.get(port, "/api/videos/%2e%2e/thumbnails/0/0.jpg", READ), 400);
    assertError(ApiHttp.get(port, "/api/videos//etc/passwd/thumbnails/0/0.jpg", READ), 400);
    assertError(ApiHttp.get(port, "/api/videos/x/thumbnails/%2Fetc%2Fpasswd/0.jpg", READ), 400);
    assertError(ApiHttp.get(port, "/api/videos?limit=501", READ), 400);
    assertError(ApiHttp.get(port, "/api/videos?status=BOGUS", READ), 400);
    assertError(ApiHttp.send(port, "DELETE", "/api/videos", SUBMIT, null), 405);
    assertError(ApiHttp.post(port, "/api/videos", SUBMIT, "{\"uri\": \"file:///etc/passwd\"}"), 400);
    assertError(ApiHttp.post(port, "/api/videos", SUBMIT, "{\"uri\": \"" + "x".repeat(20_000) + "\"}"), 413);
    ApiHttp.Response openApi = ApiHttp.get(port, "/api/openapi.json", null);
    assertThat(openApi.status()).isEqualTo(200);
    JsonNode paths = json(openApi).get("paths");
    assertThat(paths.has("/api/videos")).isTrue();
    assertThat(paths.get("/api/videos").has("get")).isTrue();
    assertThat(paths.get("/api/videos").has("post")).isTrue();
    assertThat(paths.has("/api/videos/{videoId}")).isTrue();
    assertThat(paths.has("/api/videos/{videoId}/thumbnails/{trackId}/{frameIndex}.jpg")).isTrue();
  }

  /** The thumbnails of a few frames per track (the timeline's frames, or the track's first and last frame). */
  private static void assertThumbnails(int portA, int portB, String id, JsonNode verdict) throws Exception {
    int checked = 0;
    for (JsonNode track : verdict.get("tracks")) {
      List<Integer> frames = new ArrayList<>();
      track.path("timeline").forEach(frame -> frames.add(frame.get("frameIndex").asInt()));
      if (frames.isEmpty()) {
        frames.add(track.get("firstFrame").asInt());
        frames.add(track.get("lastFrame").asInt());
      }
      for (int frame : frames.subList(0, Math.min(3, frames.size()))) {
        String path = "/api/videos/" + id + "/thumbnails/" + track.get("trackId").asInt() + "/" + frame + ".jpg";
        for (int port : List.of(portA, portB)) {
          ApiHttp.Response jpeg = ApiHttp.get(port, path, READ);
          assertThat(jpeg.status()).as(path + " " + jpeg.text()).isEqualTo(200);
          assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
          BufferedImage image = ImageIO.read(ApiHttp.stream(jpeg.body()));
          assertThat(image).as("a decodable JPEG").isNotNull();
          assertThat(Math.max(image.getWidth(), image.getHeight())).isLessThanOrEqualTo(112);
        }
        checked++;
      }
    }
    if (verdict.get("status").asText().equals("OK")) {
      assertThat(checked).as(id + " has thumbnails").isPositive();
    }
  }

  private static JsonNode awaitStatus(int port, String id, int status, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    ApiHttp.Response last = null;
    while (System.nanoTime() < deadline) {
      last = ApiHttp.get(port, "/api/videos/" + id, READ);
      if (last.status() == status) {
        return json(last);
      }
      if (status == 202 && last.status() == 200) {
        throw new AssertionError("video " + id + " decided before it was seen in flight");
      }
      Thread.sleep(status == 202 ? 20 : 500);
    }
    throw new AssertionError("video " + id + ": no " + status + " within " + timeout + "; last " + (last == null ? null
        : last.status() + " " + last.text()));
  }

  private static void assertError(ApiHttp.Response response, int status) throws Exception {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/json");
    JsonNode body = json(response);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("error").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("at io.");
  }

  private static JsonNode json(ApiHttp.Response response) throws Exception {
    return AvroJson.MAPPER.readTree(response.body());
  }
}
