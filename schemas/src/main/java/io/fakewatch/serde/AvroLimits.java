package io.fakewatch.serde;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds on what one record may make the Avro decoder allocate. Avro allocates a string or bytes field,
 * or an array, at the length the record claims before reading it; its default bound is 2 GB, so a
 * 36-byte record claiming a 1.5 GB uri would take the heap down (a poison pill that crashes the stage
 * again after each restart). With these bounds such a claim is a SerializationException: a dead letter.
 */
public final class AvroLimits {
  private static final Logger LOG = LoggerFactory.getLogger(AvroLimits.class);
  /**
   * Largest string or bytes field: above any record FakeWatch's topics carry (frames 16 MiB by default,
   * the embedded broker's message.max.bytes 32 MiB); a topic configured past it needs the property raised.
   */
  public static final int MAX_FIELD_BYTES = 64 * 1024 * 1024;
  /** Most items in one array or map: frames, crops and tracks of a record are a few thousand at most. */
  public static final int MAX_COLLECTION_ITEMS = 1_000_000;

  private static volatile boolean applied;

  private AvroLimits() {}

  /**
   * Sets the bounds as system properties unless the JVM was started with its own, before Avro reads them
   * (once, when it first decodes). Warns when Avro had already read them: start the JVM with the -D flags.
   */
  public static synchronized void apply() {
    if (applied) {
      return;
    }
    applied = true;
    setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_FIELD_BYTES);
    setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_FIELD_BYTES);
    setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
    long stringLimit = Long.parseLong(System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY));
    try {
      SystemLimitException.checkMaxStringLength(stringLimit + 1);
      LOG.warn("Avro read its length limits before FakeWatch set them: a record may claim up to 2 GB per field; "
          + "start the JVM with -D{}={}", SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_FIELD_BYTES);
    } catch (SystemLimitException expected) {
      // the bound is in force
    }
  }

  private static void setIfAbsent(String property, int value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Integer.toString(value));
    }
  }
}
