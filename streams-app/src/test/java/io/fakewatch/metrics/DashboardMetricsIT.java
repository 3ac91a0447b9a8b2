package io.fakewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fakewatch.app.StageRunner;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.Label;
import io.fakewatch.events.Status;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.verdict.VerdictStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No Grafana can run here, so instead of a screenshot: every query of the dashboard and of the alert
 * rules is checked against a real {@code /metrics} scrape. The Kafka metrics come from a verdict stage on
 * the embedded broker. The stage meters (requests, batch sizes, …) are recorded by this test through
 * {@link FakeWatchMetrics}, as the stages will, because ingest, detect and score do not exist yet.
 */
class DashboardMetricsIT {
  private static final Path ROOT = Path.of(System.getProperty("fakewatch.root", "..")).toAbsolutePath().normalize();

  @Test
  void everyDashboardAndAlertQueryFindsItsSeries() throws Exception {
    Map<String, String> queries = dashboardAndAlertQueries(ROOT);
    assertThat(queries).hasSizeGreaterThan(15);

    String scrape;
    try (KafkaTestCluster cluster = KafkaTestCluster.start()) {
      FakeWatchConfig config = cluster.config(Map.of(MetricsSettings.PORT, "0",
          "verdict.timeout.ms", "1500", "verdict.check.interval.ms", "300"));
      ProcessMonitor monitor = ProcessMonitor.forConfig(config);
      try (MetricsServer server = MetricsServer.start(MetricsSettings.from(config), FakeWatchMetrics.global(),
               monitor::health);
           StageRunner runner = StageRunner.start(config, List.of(new VerdictStage()), Duration.ofSeconds(60), monitor);
           RequestPublisher publisher = new RequestPublisher(config)) {
        publisher.submit("dash-1", "file:///videos/dash-1.mp4"); // times out: the TIMEOUT counter moves
        recordWhatTheStagesWillRecord(FakeWatchMetrics.global());
        scrape = awaitTimeout(server.port());
      }
    }
    // kept for `promtool check metrics` in ops/validate.sh
    Files.writeString(ROOT.resolve("streams-app/target/metrics-scrape.prom"), scrape);
    assertThat(missingSeries(queries, scrape)).as("queries whose series are missing from /metrics").isEmpty();
  }

  /** Every dashboard panel's and alert rule's query, by where it stands. */
  static Map<String, String> dashboardAndAlertQueries(Path root) throws Exception {
    Map<String, String> queries = new LinkedHashMap<>(dashboardQueries(root.resolve("ops/grafana/fakewatch-dashboard.json")));
    queries.putAll(alertQueries(root.resolve("ops/prometheus/alerts.yaml")));
    return queries;
  }

  /** The queries whose series a scrape lacks, with what is missing. */
  static Map<String, List<String>> missingSeries(Map<String, String> queries, String scrape) {
    Scrape parsed = new Scrape(scrape);
    Map<String, List<String>> problems = new LinkedHashMap<>();
    queries.forEach((where, query) -> {
      List<String> found = parsed.problems(query);
      if (!found.isEmpty()) {
        problems.put(where, found);
      }
    });
    return problems;
  }

  private static void recordWhatTheStagesWillRecord(FakeWatchMetrics metrics) {
    metrics.requestIn("ingest");
    metrics.framesDecoded(32);
    metrics.stageLatency("ingest", Duration.ofMillis(420));
    metrics.inference("face-detector", "yunet_s_640_640@2023mar", "cpu", 8, Duration.ofMillis(35));
    metrics.inference("classifier", "meso4_df@2018-keras", "cpu", 24, Duration.ofMillis(12));
    metrics.queueTime("classifier", "meso4_df@2018-keras", Duration.ofMillis(40)); // a record gathered across records
    metrics.providerInUse("classifier", "meso4_df@2018-keras", "cpu");
    metrics.deadLetter("ingest", "DECODE_ERROR");
    metrics.verdict(Label.FAKE, Status.OK, Duration.ofSeconds(3));
  }

  private static String awaitTimeout(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      String body = Http.get(port, "/metrics").body();
      Double timeouts = MetricsEndpointIT.sum(body, FakeWatchMetrics.PROM_TIMEOUTS);
      if ((timeouts != null && timeouts >= 1) || System.nanoTime() > deadline) {
        assertThat(timeouts).as("TIMEOUT counter").isNotNull().isGreaterThanOrEqualTo(1.0);
        return body;
      }
      Thread.sleep(250);
    }
  }

  static Map<String, String> dashboardQueries(Path file) throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(file));
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        queries.put("panel '" + panel.get("title").asText() + "' " + target.get("refId").asText(),
            target.get("expr").asText());
      }
    }
    return queries;
  }

  static Map<String, String> alertQueries(Path file) throws Exception {
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode group : rules.get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        queries.put("alert " + rule.get("alert").asText(), rule.get("expr").asText());
      }
    }
    return queries;
  }
}
