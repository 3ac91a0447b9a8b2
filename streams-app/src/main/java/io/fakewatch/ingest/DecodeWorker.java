package io.fakewatch.ingest;

import io.fakewatch.media.FfmpegLog;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.serde.Events;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decoder worker process (started by {@link DecoderPool}, never by hand): reads jobs on stdin, decodes each
 * local file into its records with {@link VideoRecords} and writes them to stdout; logs go to stderr. It serves
 * jobs until stdin closes, and stops by itself when the stage that started it is gone. Arguments: the decode
 * keys as {@code key=value}.
 */
public final class DecodeWorker {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeWorker.class);

  private DecodeWorker() {}

  public static void main(String[] args) throws IOException {
    System.exit(serve(args, file -> { }));
  }

  /** Serves jobs until stdin closes; {@code beforeDecode} sees each file first (tests make the worker crash there). */
  static int serve(String[] args, Consumer<Path> beforeDecode) throws IOException {
    // stdout is the pipe: nothing else may write to it
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    System.setOut(System.err);
    DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
    watchParent();
    Events.trustEventPackage();
    FfmpegLog.toSlf4j();
    IngestSettings settings = IngestSettings.from(FakeWatchConfig.of(keys(args)));
    VideoRecords videos = new VideoRecords(settings);
    WorkerProtocol protocol = new WorkerProtocol(Integer.MAX_VALUE - 16);
    // load the natives now, so a job never waits for them and a broken install shows at start
    Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
    Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
    Loader.load(org.bytedeco.opencv.global.opencv_imgcodecs.class);
    out.writeInt(WorkerProtocol.READY);
    out.flush();
    for (WorkerProtocol.Job job = protocol.readJob(in); job != null; job = protocol.readJob(in)) {
      beforeDecode.accept(job.file());
      try {
        List<FrameBatch> records = videos.read(job.request(), job.file(), job.bytes());
        protocol.writeRecords(out, records, cpuNanos());
      } catch (IngestFailure failure) {
        protocol.writeFailure(out, failure, cpuNanos());
      } catch (RuntimeException e) {
        // as in-process: a corrupt stream can break the decoder in ways it does not report as FFmpeg errors
        LOG.warn("video {}: decoding failed unexpectedly", job.request().getVideoId(), e);
        protocol.writeFailure(out, new IngestFailure(Status.DECODE_ERROR, "DECODE", e.toString()), cpuNanos());
      }
    }
    return 0;
  }

  private static Map<String, String> keys(String[] args) {
    Map<String, String> keys = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got " + arg);
      }
      keys.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return keys;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** A worker whose stage died (SIGKILL, OOM kill) ends itself, even in the middle of a native decode that hangs. */
  private static void watchParent() {
    long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    Thread watchdog = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        if (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) != parent) {
          Runtime.getRuntime().halt(0);
        }
      }
    }, "decoder-parent-watch");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
