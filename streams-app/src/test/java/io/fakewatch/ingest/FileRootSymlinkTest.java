package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fakewatch.events.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file root configured through a symlink ({@code /data -> /mnt/disk}): its files are readable, nothing else is. */
class FileRootSymlinkTest {
  @TempDir Path base;

  private static IngestFailure refusal(UriPolicy policy, Path file) {
    return catchThrowableOfType(IngestFailure.class, () -> policy.checkFile(file.toUri()));
  }

  @Test
  void aRootReachedThroughASymlinkServesItsFilesAndNothingElse() throws Exception {
    Path disk = Files.createDirectories(base.resolve("disk"));
    Path video = Files.writeString(disk.resolve("video.mp4"), "frames");
    Path secret = Files.writeString(Files.createDirectories(base.resolve("private")).resolve("secret.mp4"), "secret");
    Path data = Files.createSymbolicLink(base.resolve("data"), disk);
    Files.createSymbolicLink(disk.resolve("escape.mp4"), secret);
    UriPolicy policy = new UriPolicy(TestVideos.settings(Map.of(), data));

    assertThat(policy.checkFile(data.resolve("video.mp4").toUri())).isEqualTo(video.toRealPath());
    assertThat(policy.checkFile(video.toUri())).as("spelled by its real path").isEqualTo(video.toRealPath());
    for (Path outside : new Path[] {data.resolve("escape.mp4"), data.resolve("../private/secret.mp4"), secret}) {
      IngestFailure refused = refusal(policy, outside);
      assertThat(refused).as(outside.toString()).isNotNull();
      assertThat(refused.status()).isEqualTo(Status.REJECTED);
      assertThat(refused.reason()).isEqualTo("OUTSIDE_FILE_ROOT");
    }
  }
}
