package io.fakewatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's terminal shows its progress display, not a log: while open, the console appender passes only
 * WARN and above of FakeWatch's own loggers (and anyone's ERROR), minus known start-up noise; with a
 * {@code --log-file} every record that the configured levels let through also goes to that file. Closing
 * puts the logging back as it was (tests run the demo in their own JVM).
 */
final class DemoLogging implements AutoCloseable {
  static final String CONSOLE_APPENDER = "STDERR";
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";
  /** Warnings every embedded start prints and nobody can act on in a demo; still in the log file. */
  static final List<String> NOISY = List.of(
      "Processing exception handler is not enabled for the GlobalThread",
      "Using an OS temp directory in the state.dir property",
      "Error while fetching metadata with correlation id",
      "Performing controller activation",
      "Attempting to close NetworkClient that has already been closed",
      "Error registering AppInfo mbean",
      "was supplied but isn't a known config",
      // the demo is loopback-only by design; its URL line says where the console is
      "listen on loopback (127.0.0.1) only");

  private final ch.qos.logback.classic.Logger root;
  private final Appender<ILoggingEvent> console;
  private final List<Filter<ILoggingEvent>> consoleFiltersBefore;
  private final FileAppender<ILoggingEvent> file;

  private DemoLogging(ch.qos.logback.classic.Logger root, Appender<ILoggingEvent> console,
      FileAppender<ILoggingEvent> file) {
    this.root = root;
    this.console = console;
    this.consoleFiltersBefore = console == null ? List.of() : console.getCopyOfAttachedFiltersList();
    this.file = file;
  }

  /** Quiets the terminal and, when {@code logFile} is not null, writes the full log there (truncated first). */
  static DemoLogging open(Path logFile) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return new DemoLogging(null, null, null);
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    FileAppender<ILoggingEvent> file = logFile == null ? null : fileAppender(context, logFile);
    DemoLogging logging = new DemoLogging(root, root.getAppender(CONSOLE_APPENDER), file);
    if (logging.console != null) {
      logging.console.addFilter(new TerminalFilter());
    }
    if (file != null) {
      root.addAppender(file);
    }
    return logging;
  }

  /** Whether a record belongs on the demo's terminal. */
  static boolean onTerminal(ILoggingEvent event) {
    boolean ours = event.getLoggerName().startsWith("io.fakewatch.");
    boolean shown = event.getLevel().isGreaterOrEqual(ours ? Level.WARN : Level.ERROR);
    String message = event.getFormattedMessage();
    return shown && (message == null || NOISY.stream().noneMatch(message::contains));
  }

  private static FileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path logFile) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setName("DEMO_FILE");
    file.setFile(logFile.toAbsolutePath().toString());
    file.setAppend(false);
    file.setEncoder(encoder);
    file.start();
    if (!file.isStarted()) {
      throw new IllegalArgumentException("--log-file " + logFile + " cannot be written");
    }
    return file;
  }

  @Override
  public void close() {
    if (console != null) {
      console.clearAllFilters();
      consoleFiltersBefore.forEach(console::addFilter);
    }
    if (file != null) {
      root.detachAppender(file);
      file.stop();
    }
  }

  private static final class TerminalFilter extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
      return onTerminal(event) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
  }
}
