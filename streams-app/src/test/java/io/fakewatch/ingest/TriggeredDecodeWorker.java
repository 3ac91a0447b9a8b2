package io.fakewatch.ingest;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A decoder worker for tests only (it is not in the production jar): a video whose last bytes hold a marker
 * makes it fail for real before decoding — a native SIGSEGV (a write to address 0), or a hang that only the
 * stage's wall-clock limit ends. Everything else is the production worker.
 */
public final class TriggeredDecodeWorker {
  static final String SEGV = "FAKEWATCH-TEST-SIGSEGV";
  static final String HANG = "FAKEWATCH-TEST-HANG";

  private TriggeredDecodeWorker() {}

  public static void main(String[] args) throws IOException {
    System.exit(DecodeWorker.serve(args, TriggeredDecodeWorker::trigger));
  }

  /** A copy of {@code video} with {@code marker} after its last byte (FFmpeg ignores trailing bytes after the moov). */
  static Path marked(Path video, Path target, String marker) throws IOException {
    Files.copy(video, target);
    Files.write(target, marker.getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.APPEND);
    return target;
  }

  private static void trigger(Path file) {
    String end = tail(file);
    if (end.contains(SEGV)) {
      segfault();
    } else if (end.contains(HANG)) {
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException ignored) {
          // hang on
        }
      }
    }
  }

  private static String tail(Path file) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      int length = (int) Math.min(64, in.length());
      byte[] bytes = new byte[length];
      in.seek(in.length() - length);
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }

  private static void segfault() {
    try {
      java.lang.reflect.Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      ((sun.misc.Unsafe) field.get(null)).putAddress(0L, 42L);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
