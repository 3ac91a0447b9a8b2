package io.fakewatch.ingest;

import io.fakewatch.events.Status;

/** An expected failure of one video (bad URI, refused, unreadable, over a limit): it ends with this status. */
public final class IngestFailure extends Exception {
  private final Status status;
  private final String reason;

  public IngestFailure(Status status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  public IngestFailure(Status status, String reason, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.reason = reason;
  }

  public Status status() {
    return status;
  }

  /** Short machine-readable cause for the dead letter, e.g. SCHEME_NOT_ALLOWED, PRIVATE_ADDRESS. */
  public String reason() {
    return reason;
  }
}
