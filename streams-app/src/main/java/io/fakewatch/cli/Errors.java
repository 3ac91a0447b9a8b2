package io.fakewatch.cli;

/** Turns an exception chain into one readable line. */
final class Errors {
  private Errors() {}

  static String describe(Throwable t) {
    StringBuilder line = new StringBuilder(String.valueOf(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
    Throwable cause = t.getCause();
    int depth = 0;
    while (cause != null && cause != t && depth++ < 3) {
      if (cause.getMessage() != null && !line.toString().contains(cause.getMessage())) {
        line.append(": ").append(cause.getMessage());
      }
      t = cause;
      cause = cause.getCause();
    }
    return line.toString();
  }
}
