package io.fakewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI names and flags are a contract with scripts outside the project. */
class CliTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = FakeWatchCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void everyContractCommandHasHelpWithItsFlags() {
    assertThat(run("broker", "--help").out()).contains("--port").contains("--dir");
    assertThat(run("topics", "--help").out()).contains("--bootstrap");
    assertThat(run("submit", "--help").out()).contains("--bootstrap").contains("URI");
    assertThat(run("verdicts", "--help").out()).contains("--bootstrap").contains("--follow").contains("--json");
    assertThat(run("run", "--help").out()).contains("--stages").contains("--bootstrap");
    assertThat(run("demo", "--help").out()).contains("--videos").contains("--uri").contains("--json");
    assertThat(run("models", "fetch", "--help").out()).contains("--mirror");
    for (String command : List.of("broker", "topics", "submit", "verdicts", "run", "demo", "models", "bench")) {
      assertThat(run(command, "--help").code()).as(command).isZero();
    }
  }

  @Test
  void anUnknownStageIsAClearOneLineError() {
    Run run = run("run", "--stages", "ingest,transcode", "--bootstrap", "localhost:1");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("unknown stage(s) [transcode]").contains("[ingest, detect, score, verdict]");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  @Test
  void aBadConfigValueNamesTheKey() {
    Run run = run("topics", "--bootstrap", "localhost:1", "--set", "topics.partitions=-3");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("topics.partitions");
  }
}
