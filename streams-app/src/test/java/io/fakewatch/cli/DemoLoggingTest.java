package io.fakewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the demo lets onto the terminal, what its --log-file keeps, and that closing puts logging back. */
class DemoLoggingTest {
  @TempDir Path dir;

  @Test
  void theTerminalGetsOurWarningsAndAnyonesErrorsButNotKnownNoise() {
    assertThat(DemoLogging.onTerminal(event("io.fakewatch.ingest.VideoFetcher", Level.WARN, "slow fetch"))).isTrue();
    assertThat(DemoLogging.onTerminal(event("io.fakewatch.app.StageRunner", Level.INFO, "stage topology"))).isFalse();
    assertThat(DemoLogging.onTerminal(event("org.apache.kafka.streams.StreamsConfig", Level.WARN,
        "Processing exception handler is not enabled for the GlobalThread"))).isFalse();
    assertThat(DemoLogging.onTerminal(event("org.apache.kafka.clients.NetworkClient", Level.WARN, "anything"))).isFalse();
    assertThat(DemoLogging.onTerminal(event("org.apache.kafka.clients.NetworkClient", Level.ERROR, "broker gone"))).isTrue();
    assertThat(DemoLogging.onTerminal(event("ffmpeg", Level.WARN, "moov atom not found"))).isFalse();
    assertThat(DemoLogging.onTerminal(event("io.fakewatch.kafka.X", Level.WARN,
        "Error while fetching metadata with correlation id 3"))).isFalse();
  }

  @Test
  void theLogFileKeepsEverythingAndClosingRestoresTheConsoleAppender() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var console = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(DemoLogging.CONSOLE_APPENDER);
    int filtersBefore = console.getCopyOfAttachedFiltersList().size();
    Path file = dir.resolve("demo.log");
    Logger ours = LoggerFactory.getLogger("io.fakewatch.cli.DemoLoggingTest");
    try (DemoLogging logging = DemoLogging.open(file)) {
      assertThat(console.getCopyOfAttachedFiltersList()).hasSize(filtersBefore + 1);
      ours.info("an info line for the file only");
      LoggerFactory.getLogger("ffmpeg").warn("a native warning");
    }
    ours.info("after close: not in the file");
    String log = Files.readString(file);
    assertThat(log).contains("an info line for the file only").contains("a native warning")
        .doesNotContain("after close");
    assertThat(console.getCopyOfAttachedFiltersList()).hasSize(filtersBefore);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("DEMO_FILE")).isNull();
  }

  private static LoggingEvent event(String logger, Level level, String message) {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName(logger);
    event.setLevel(level);
    event.setMessage(message);
    return event;
  }
}
