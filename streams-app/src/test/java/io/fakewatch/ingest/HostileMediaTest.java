package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.serde.VideoRequests;
import io.fakewatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file under an allowed root that tells FFmpeg to read another one: an HLS playlist whose segment is a
 * video outside the root. FFmpeg's hls demuxer would play that video (its segments are local files, which
 * the file protocol allows); VideoProbe's container whitelist has no playlist formats, so it is refused
 * as not a video and no frame of the other file is sent.
 */
class HostileMediaTest {
  @TempDir Path root;

  @Test
  void aPlaylistUnderTheRootCannotMakeFfmpegReadAFileOutsideIt() throws Exception {
    Path outside = SharedData.video("abofeumbvv.mp4").toRealPath();
    assertThat(outside.startsWith(root.toRealPath())).isFalse();
    Path playlist = Files.writeString(root.resolve("upload.m3u8"), String.join("\n",
        "#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:20", "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXTINF:20.0,", outside.toString(), "#EXT-X-ENDLIST", ""));

    VideoIngestor.Outcome outcome;
    try (FetchDecodeIngestor ingestor = new FetchDecodeIngestor(TestVideos.settings(Map.of(), root.toRealPath()))) {
      outcome = ingestor.ingest(VideoRequests.of("playlist", playlist.toUri().toString(), Instant.now()));
    }
    assertThat(outcome.batches()).hasSize(1);
    FrameBatch terminal = outcome.batches().get(0);
    assertThat(terminal.getFrames()).isEmpty();
    assertThat(terminal.getStatus()).as(terminal.getError()).isEqualTo(Status.DECODE_ERROR);
    assertThat(outcome.deadLetter().getReason()).isEqualTo("NOT_A_VIDEO");
  }
}
