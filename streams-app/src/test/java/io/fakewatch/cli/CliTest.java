package io.fakewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.testing.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI names and flags are a contract with scripts outside the project. */
class CliTest {
  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void everyContractCommandHasHelpWithItsFlags() {
    assertThat(run("broker", "--help").out()).contains("--port").contains("--dir");
    assertThat(run("topics", "--help").out()).contains("--bootstrap");
    assertThat(run("submit", "--help").out()).contains("--bootstrap").contains("URI");
    assertThat(run("verdicts", "--help").out()).contains("--bootstrap").contains("--follow").contains("--json");
    assertThat(run("run", "--help").out()).contains("--stages").contains("--bootstrap");
    assertThat(run("demo", "--help").out()).contains("--videos").contains("--uri").contains("--json").contains("--serve")
        .contains("--log-file");
    assertThat(run("models", "fetch", "--help").out()).contains("--mirror");
    for (String command : List.of("broker", "topics", "submit", "verdicts", "run", "demo", "models", "bench")) {
      assertThat(run(command, "--help").code()).as(command).isZero();
    }
  }

  @Test
  void benchTemporalHasHelpWithTheBenchOptions() {
    CliRun help = run("bench", "temporal", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--videos").contains("--repetitions").contains("--json").contains("--max-videos")
        .contains("--set");
    assertThat(run("bench", "--help").out()).contains("temporal");
    for (String line : List.of("all", "decode", "detect", "score", "pipeline", "memory")) {
      assertThat(run("bench", line, "--help").code()).as(line).isZero();
    }
  }

  @Test
  void evaluateHasItsCalibrationAndPerturbationFlags() {
    CliRun help = run("evaluate", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--labels").contains("--report").contains("--fit-calibration").contains("--perturb");
    // --fit-calibration takes a file; without one picocli refuses the command line
    CliRun missing = run("evaluate", "--labels", "x.csv", "--fit-calibration");
    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("--fit-calibration");
  }

  @Test
  void anUnknownStageIsAClearOneLineError() {
    CliRun run = run("run", "--stages", "ingest,transcode", "--bootstrap", "localhost:1");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("unknown stage(s) [transcode]").contains("[ingest, detect, score, verdict]");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  @Test
  void aBadConfigValueNamesTheKey() {
    CliRun run = run("topics", "--bootstrap", "localhost:1", "--set", "topics.partitions=-3");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("topics.partitions");
  }

  @Test
  void runRefusesABenchmarkOnlyClassifierUnlessAllowed() {
    CliRun run = run("run", "--stages", "score", "--bootstrap", "localhost:1", "--set", "metrics.enabled=false",
        "--set", "score.models=efficientnet_b4_random");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("efficientnet_b4_random is benchmark-only").contains("--allow-benchmark-models");
    assertThat(run("run", "--help").out()).contains("--allow-benchmark-models");
    assertThat(run("demo", "--help").out()).contains("--allow-benchmark-models");
    assertThat(run("bench", "score", "--help").out()).contains("--classifier").contains("--batches");
    assertThat(run("bench", "pipeline", "--help").out()).contains("--classifier").contains("--score-threads")
        .contains("--max-videos");
  }
}
