package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import java.time.Duration;

/** The total time one fetch may take ({@code ingest.fetch.deadline.ms}), across redirect hops and the body. */
record FetchDeadline(Duration total, long endNanos) {
  static FetchDeadline after(Duration total) {
    return new FetchDeadline(total, System.nanoTime() + total.toNanos());
  }

  boolean passed() {
    return System.nanoTime() - endNanos >= 0;
  }

  /**
   * What is left, rounded up so that a client's time-out fires only once {@link #passed} is true, and at
   * least 1 ms: a client reads 0 as "no time-out".
   */
  long remainingMillis() {
    return Math.max(1, (endNanos - System.nanoTime() + 999_999) / 1_000_000);
  }

  IngestFailure failure(String from) {
    return new IngestFailure(Status.FETCH_ERROR, "TIMEOUT",
        "download from " + from + " not finished within " + total + " (" + IngestSettings.FETCH_DEADLINE_MS + ")");
  }
}
