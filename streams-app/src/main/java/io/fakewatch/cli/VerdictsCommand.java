package io.fakewatch.cli;

import io.fakewatch.events.VideoVerdict;
import io.fakewatch.kafka.VerdictReader;
import io.fakewatch.serde.AvroJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verdicts", mixinStandardHelpOptions = true,
    description = "Print the committed verdicts (read_committed), from the beginning of the topic.")
final class VerdictsCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--follow", description = "Keep printing new verdicts until stopped")
  boolean follow;

  @Option(names = "--json", description = "One JSON object per line instead of a table")
  boolean json;

  @Override
  public Integer call() {
    try (VerdictReader reader = new VerdictReader(options.load())) {
      if (!json) {
        System.out.println(VerdictTable.header());
      }
      long idleSince = System.nanoTime();
      while (true) {
        List<VideoVerdict> verdicts = reader.poll(Duration.ofMillis(500));
        for (VideoVerdict verdict : verdicts) {
          System.out.println(json ? AvroJson.toJsonString(verdict) : VerdictTable.row(verdict));
        }
        if (!verdicts.isEmpty()) {
          idleSince = System.nanoTime();
        }
        boolean waitedForAssignment = System.nanoTime() - idleSince > Duration.ofSeconds(10).toNanos();
        if (!follow && (reader.caughtUp() || waitedForAssignment)) {
          return 0;
        }
      }
    }
  }
}
