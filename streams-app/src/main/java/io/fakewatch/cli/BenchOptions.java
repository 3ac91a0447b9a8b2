package io.fakewatch.cli;

import io.fakewatch.bench.BenchReport;
import io.fakewatch.bench.BenchRow;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What every benchmark takes: the videos, repetitions, and where to write the JSON rows. */
final class BenchOptions {
  @Option(names = "--videos", paramLabel = "DIR", defaultValue = "../shared/data/videos",
      description = "Videos to run on (default ${DEFAULT-VALUE})")
  Path videos;

  @Option(names = "--repetitions", paramLabel = "N", defaultValue = "3", description = "Measured runs after a warm-up (default ${DEFAULT-VALUE})")
  int repetitions;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the rows as JSON: [{name, value, unit, limit, ratio}]")
  Path json;

  void report(List<BenchRow> rows) throws Exception {
    BenchReport.print(rows, System.out);
    if (json != null) {
      BenchReport.writeJson(rows, json);
    }
  }
}
