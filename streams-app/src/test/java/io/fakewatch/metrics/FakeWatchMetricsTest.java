package io.fakewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.events.Label;
import io.fakewatch.events.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each recording method lands under the Prometheus name the dashboard and alerts query. */
class FakeWatchMetricsTest {
  @Test
  void everyMeterShowsUnderItsPrometheusName() {
    FakeWatchMetrics metrics = FakeWatchMetrics.isolated();
    metrics.requestIn("ingest");
    metrics.requestIn("ingest");
    metrics.verdict(Label.REAL, Status.OK, Duration.ofSeconds(4));
    metrics.verdict(Label.UNKNOWN, Status.TIMEOUT, Duration.ofMinutes(10));
    metrics.stageLatency("detect", Duration.ofMillis(80));
    metrics.framesDecoded(32);
    metrics.inference("classifier", "meso4_df@2018-keras", "cuda", 48, Duration.ofMillis(9));
    metrics.providerInUse("classifier", "meso4_df@2018-keras", "cuda");
    metrics.deadLetter("ingest", "FETCH_ERROR");

    Scrape scrape = new Scrape(metrics.scrape());
    assertThat(value(scrape, FakeWatchMetrics.PROM_REQUESTS)).isEqualTo(2.0);
    assertThat(scrape.named(FakeWatchMetrics.PROM_VERDICTS)).extracting(s -> s.labels().get("status"))
        .containsExactlyInAnyOrder("OK", "TIMEOUT");
    assertThat(value(scrape, FakeWatchMetrics.PROM_DECODED_FRAMES)).isEqualTo(32.0);
    assertThat(value(scrape, FakeWatchMetrics.PROM_DEAD_LETTERS)).isEqualTo(1.0);
    assertThat(value(scrape, FakeWatchMetrics.PROM_PROVIDER)).isEqualTo(1.0);
    assertThat(scrape.named(FakeWatchMetrics.PROM_PROVIDER).get(0).labels())
        .containsEntry("provider", "cuda").containsEntry("role", "classifier");
    for (String histogram : new String[] {FakeWatchMetrics.PROM_VERDICT_LATENCY_BUCKET,
        FakeWatchMetrics.PROM_STAGE_LATENCY_BUCKET, FakeWatchMetrics.PROM_BATCH_SIZE_BUCKET,
        FakeWatchMetrics.PROM_INFERENCE_LATENCY_BUCKET}) {
      assertThat(scrape.named(histogram)).as(histogram).anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "+Inf"));
    }
    // a 10-minute TIMEOUT verdict still falls in a finite bucket: the histogram reaches 30 minutes
    assertThat(scrape.named(FakeWatchMetrics.PROM_VERDICT_LATENCY_BUCKET))
        .anySatisfy(s -> assertThat(s.labels()).containsEntry("status", "TIMEOUT").containsEntry("le", "1200.0"));
  }

  @Test
  void isolatedRegistriesDoNotShareMeters() {
    FakeWatchMetrics one = FakeWatchMetrics.isolated();
    one.requestIn("ingest");
    assertThat(FakeWatchMetrics.isolated().scrape()).doesNotContain(FakeWatchMetrics.PROM_REQUESTS);
  }

  private static double value(Scrape scrape, String name) {
    return scrape.named(name).stream().mapToDouble(s -> Double.parseDouble(s.value())).sum();
  }
}
