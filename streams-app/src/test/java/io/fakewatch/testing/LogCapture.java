package io.fakewatch.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Collects every log event of this JVM while open, with Kafka's loggers at INFO (where the clients print
 * their full configuration) and FakeWatch's at DEBUG (where it prints the effective configuration),
 * whatever logback-test.xml says. Those loggers' events stay off the console meanwhile (Kafka at INFO is
 * thousands of lines); levels and console output come back on close.
 */
public final class LogCapture implements AutoCloseable {
  private static final Map<String, Level> LEVELS = Map.of(
      "org.apache.kafka", Level.INFO, "kafka", Level.INFO, "io.fakewatch", Level.DEBUG);

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Map<String, Level> previous = new LinkedHashMap<>();
  private final Map<String, Boolean> previousAdditivity = new LinkedHashMap<>();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture() {
    LEVELS.forEach((name, level) -> {
      Logger logger = context.getLogger(name);
      previous.put(name, logger.getLevel());
      previousAdditivity.put(name, logger.isAdditive());
      logger.setLevel(level);
    });
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    LEVELS.keySet().forEach(name -> {
      Logger logger = context.getLogger(name);
      logger.addAppender(appender);
      logger.setAdditive(false);
    });
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  /** Every message so far, with the messages of any exception chain it carried, one event per line. */
  public String text() {
    List<ILoggingEvent> events;
    synchronized (appender) { // logback appends while holding the appender's lock
      events = List.copyOf(appender.list);
    }
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : events) {
      text.append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage()).append('\n');
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append("  ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
      }
    }
    return text.toString();
  }

  @Override
  public void close() {
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    previous.forEach((name, level) -> {
      Logger logger = context.getLogger(name);
      logger.detachAppender(appender);
      logger.setAdditive(previousAdditivity.get(name));
      logger.setLevel(level);
    });
    appender.stop();
  }
}
