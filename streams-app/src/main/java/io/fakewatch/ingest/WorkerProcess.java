package io.fakewatch.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One decoder worker as the stage sees it: the process, its pipe, its stderr (logged, the tail kept) and why it ended. */
final class WorkerProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
  /**
   * The head of HotSpot's crash report, e.g. {@code #  SIGSEGV (0xb) at pc=0x00007f…}: a native crash the JVM caught;
   * it then exits with 1 (no core dump), so the report is where the signal is named. Its banner goes to stdout
   * whatever the flags say, which breaks the pipe's framing — as any crash does.
   */
  private static final Pattern CRASH_SIGNAL = Pattern.compile("(?m)^#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\)");
  private static final Map<Integer, String> SIGNALS = Map.of(4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE",
      9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM", 24, "SIGXCPU", 25, "SIGXFSZ");
  private static final int TAIL_LINES = 40;

  private final String name;
  private final Process process;
  private final Path privateTemp;
  private final WorkerProtocol protocol;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread stderrPump;
  private volatile String killedFor;
  private long cpuNanos;

  private WorkerProcess(String name, Process process, Path privateTemp, WorkerProtocol protocol) {
    this.name = name;
    this.process = process;
    this.privateTemp = privateTemp;
    this.protocol = protocol;
    this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
    this.stderrPump = new Thread(this::pumpStderr, name + "-stderr");
    stderrPump.setDaemon(true);
    stderrPump.start();
  }

  /** Starts a worker in a private temp dir; {@link #awaitReady()} waits until it can take jobs. */
  static WorkerProcess launch(String name, WorkerCommand command, WorkerProtocol protocol) throws IOException {
    Path temp = Files.createTempDirectory("fakewatch-" + name + "-"); // mode 700 on POSIX
    ProcessBuilder builder = new ProcessBuilder(command.command(temp)).directory(temp.toFile());
    builder.environment().clear();
    builder.environment().putAll(command.environment(temp));
    try {
      return new WorkerProcess(name, builder.start(), temp, protocol);
    } catch (IOException e) {
      deleteTree(temp);
      throw e;
    }
  }

  /** Returns once the worker said it is ready; otherwise throws with how it ended and its stderr's end. */
  void awaitReady() throws IOException {
    try {
      if (in.readInt() != WorkerProtocol.READY) {
        throw new IOException("no ready signal");
      }
    } catch (IOException e) {
      String cause = death();
      close();
      throw new IOException(name + " did not start: " + cause + "; its stderr ends:\n" + tail(), e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  long cpuNanos() {
    return cpuNanos;
  }

  /** One video; an {@link IOException} means the worker died (or was killed) with it, {@link #death()} says how. */
  WorkerProtocol.Reply run(WorkerProtocol.Job job) throws IOException {
    protocol.writeJob(out, job);
    WorkerProtocol.Reply reply = protocol.readReply(in);
    cpuNanos = reply.cpuNanos();
    return reply;
  }

  /** Alive and never told to die. */
  boolean healthy() {
    return killedFor == null && process.isAlive();
  }

  /** Ends the worker now (SIGKILL), remembering why, for {@link #death()}. */
  void kill(String why) {
    killedFor = why;
    process.destroyForcibly();
  }

  /** Why the worker is gone, e.g. "decoder crashed: SIGSEGV" or "decoder exceeded 120 s". */
  String death() {
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) { // alive, yet the pipe broke: the reply was malformed
        kill("decoder sent a malformed reply");
      }
      process.waitFor(10, TimeUnit.SECONDS);
      stderrPump.join(2000); // the crash banner may still be in the pipe
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (killedFor != null) {
      return killedFor;
    }
    int exit = process.exitValue();
    String report = crashReport();
    Matcher crash = CRASH_SIGNAL.matcher(report);
    if (crash.find()) {
      return "decoder crashed: " + crash.group(1);
    }
    if (report.contains("insufficient memory") || report.contains("Out of Memory")) {
      return "decoder out of memory (address-space limit)";
    }
    if (exit > 128 && SIGNALS.containsKey(exit - 128)) {
      String signal = SIGNALS.get(exit - 128);
      return signal.equals("SIGXCPU") ? "decoder over its CPU limit: SIGXCPU" : "decoder crashed: " + signal;
    }
    return exit == 3 ? "decoder out of memory (exit 3)" : "decoder exited with " + exit;
  }

  /** The JVM's crash report (hs_err) in the private temp dir, or "". */
  String crashReport() {
    try (Stream<Path> files = Files.list(privateTemp)) {
      Path report = files.filter(f -> f.getFileName().toString().startsWith("hs_err_")).findFirst().orElse(null);
      return report == null ? "" : Files.readString(report, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /** What to log about a dead worker: the head of its crash report if it wrote one, else the end of its stderr. */
  String diagnosis() {
    String report = crashReport();
    return report.isEmpty() ? "its stderr ends:\n" + tail()
        : "its crash report begins:\n" + String.join("\n", report.lines().limit(16).toList());
  }

  String tail() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  /** Closes the pipe (a healthy worker exits by itself), then kills what is left and removes the private temp dir. */
  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException ignored) {
      // a dead worker's pipe
    }
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(privateTemp);
  }

  private void pumpStderr() {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        LOG.info("{}: {}", name, line);
      }
    } catch (IOException e) {
      LOG.debug("{}: stderr closed: {}", name, e.toString());
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot remove the decoder's temp dir {}: {}", dir, e.toString());
    }
  }
}
