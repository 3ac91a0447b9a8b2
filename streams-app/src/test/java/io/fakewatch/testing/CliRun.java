package io.fakewatch.testing;

import io.fakewatch.cli.FakeWatchCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs one {@code fakewatch} command in this JVM and keeps what it printed (stdout, stderr) and its exit code. */
public record CliRun(int code, String out, String err) {

  /**
   * Commands print results on System.out and help and errors through picocli's writers: all are captured.
   * System.out is replaced before the command line is built: picocli writes help to the real stdout when
   * System.out changes after its writers were set.
   */
  public static synchronized CliRun of(String... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try {
      CommandLine cli = FakeWatchCli.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      code = cli.execute(args);
    } finally {
      System.setOut(original);
    }
    return new CliRun(code, out + stdout.toString(StandardCharsets.UTF_8), err.toString());
  }
}
