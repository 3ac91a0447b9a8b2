package io.fakewatch.media;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's native log through SLF4J: warnings and errors only, on the logger {@code ffmpeg} at WARN (a
 * decoder's complaint about a broken file is not an error of ours: the decoder reports the failure itself).
 * Below WARNING (stream dumps, codec chatter) FFmpeg drops the message before formatting it. The callback
 * lives in a holder class, so it is set once per JVM and stays referenced while native code calls it.
 */
public final class FfmpegLog {
  static final Logger LOG = LoggerFactory.getLogger("ffmpeg");

  private FfmpegLog() {}

  /** Routes FFmpeg's log to SLF4J; idempotent, cheap after the first call. */
  public static void toSlf4j() {
    java.util.Objects.requireNonNull(Holder.CALLBACK);
  }

  /** What one FFmpeg log line becomes: trimmed, or null when it is below WARNING or blank. */
  static String line(int level, String message) {
    if (level > avutil.AV_LOG_WARNING || message == null || message.isBlank()) {
      return null;
    }
    return message.strip();
  }

  private static final class Holder {
    static final LogCallback CALLBACK = install();

    private static LogCallback install() {
      LogCallback callback = new LogCallback() {
        @Override
        public void call(int level, BytePointer message) {
          String line = line(level, message == null ? null : message.getString());
          if (line != null) {
            LOG.warn(line);
          }
        }
      };
      avutil.av_log_set_level(avutil.AV_LOG_WARNING);
      avutil.av_log_set_flags(avutil.AV_LOG_SKIP_REPEATED);
      avutil.setLogCallback(callback);
      return callback;
    }
  }
}
