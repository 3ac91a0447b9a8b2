package io.fakewatch.api;

import io.fakewatch.events.Label;
import io.fakewatch.events.Status;
import java.util.Arrays;
import java.util.regex.Pattern;

/** Input checks of the API; each failure is a message for a 400. */
final class Validation {
  /** The pipeline's ids: the default {@code v-} + 16 hex, or a user's id of safe characters. */
  static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
  static final int MAX_TRACK = 100_000;
  static final int MAX_FRAME = 100_000_000;
  static final int MAX_LIMIT = 500;
  static final int DEFAULT_LIMIT = 50;

  private Validation() {}

  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** A raw path segment as a video id: no escapes, no dot segments, only the id characters. */
  static String videoId(String raw) throws Invalid {
    if (raw.equals(".") || raw.equals("..") || !VIDEO_ID.matcher(raw).matches()) {
      throw new Invalid("invalid video id: expected 1-128 of [A-Za-z0-9._-] (not . or ..)");
    }
    return raw;
  }

  static int integer(String raw, String what, int max) throws Invalid {
    if (!NUMBER.matcher(raw).matches() || Integer.parseInt(raw) > max) {
      throw new Invalid("invalid " + what + ": expected an integer 0.." + max);
    }
    return Integer.parseInt(raw);
  }

  static int limit(String raw) throws Invalid {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    if (!NUMBER.matcher(raw).matches() || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > MAX_LIMIT) {
      throw new Invalid("invalid limit: expected 1.." + MAX_LIMIT);
    }
    return Integer.parseInt(raw);
  }

  static String label(String raw) throws Invalid {
    return symbol(raw, "label", Arrays.stream(Label.values()).map(Enum::name).toList());
  }

  static String status(String raw) throws Invalid {
    return symbol(raw, "status", Arrays.stream(Status.values()).map(Enum::name).toList());
  }

  private static String symbol(String raw, String what, java.util.List<String> allowed) throws Invalid {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String upper = raw.toUpperCase(java.util.Locale.ROOT);
    if (!allowed.contains(upper)) {
      throw new Invalid("invalid " + what + ": expected one of " + allowed);
    }
    return upper;
  }
}
