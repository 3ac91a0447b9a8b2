package io.fakewatch.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fakewatch.ingest.IngestFailure;
import io.fakewatch.ingest.TestVideos;
import io.fakewatch.ingest.VideoDecoder;
import io.fakewatch.testing.LogCapture;
import io.fakewatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FFmpeg's native complaints reach SLF4J (logger "ffmpeg", WARN), and its chatter below WARNING does not. */
class FfmpegLogTest {
  @TempDir Path dir;

  @Test
  void aBrokenFilesComplaintGoesThroughOurLoggerAtWarn() throws Exception {
    FfmpegLog.toSlf4j();
    FfmpegLog.toSlf4j(); // idempotent
    assertThat(avutil.av_log_get_level()).isEqualTo(avutil.AV_LOG_WARNING);
    byte[] whole = Files.readAllBytes(SharedData.video("Deepfakes_c23_519_515.mp4"));
    Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(whole, 64 * 1024));
    try (LogCapture logs = LogCapture.start()) {
      assertThatThrownBy(() -> new VideoDecoder(TestVideos.settings(Map.of(), dir)).decode(cut, Files.size(cut), f -> { }))
          .isInstanceOf(IngestFailure.class);
      assertThat(logs.text()).contains("ffmpeg - ");
    }
  }

  @Test
  void onlyWarningsAndWorseAreForwarded() {
    assertThat(FfmpegLog.line(avutil.AV_LOG_ERROR, "  moov atom not found\n")).isEqualTo("moov atom not found");
    assertThat(FfmpegLog.line(avutil.AV_LOG_WARNING, "deprecated pixel format\n")).isEqualTo("deprecated pixel format");
    assertThat(FfmpegLog.line(avutil.AV_LOG_INFO, "Input #0, mov,mp4\n")).isNull();
    assertThat(FfmpegLog.line(avutil.AV_LOG_DEBUG, "probing")).isNull();
    assertThat(FfmpegLog.line(avutil.AV_LOG_ERROR, " \n")).isNull();
  }
}
