package io.fakewatch.ingest;

import io.fakewatch.events.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poison-video guard: an attempt on a video is written and fsynced to a file of its own before the video is
 * fetched and decoded, and removed when the attempt ends — whatever it ended with. A file still there at the
 * next attempt means the process died with the video in flight (a decoder crash in-process, an OOM kill, the
 * host going down); after {@code ingest.max.attempts} such attempts the video ends as a DECODE_ERROR without
 * being decoded again. It lives outside the Kafka transaction on purpose: an aborted transaction must not
 * erase the count. The files are per instance (in its state directory): a partition that moves to another
 * instance starts counting again there.
 */
public final class CrashGuard {
  private static final Logger LOG = LoggerFactory.getLogger(CrashGuard.class);
  static final String REASON = "POISON_VIDEO";

  /** Counts nothing (tests of single requests, tools). */
  public static final CrashGuard NONE = new CrashGuard(null, Integer.MAX_VALUE);

  private final Path dir;
  private final int maxAttempts;

  public CrashGuard(Path dir, int maxAttempts) {
    this.dir = dir;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Records one more attempt on {@code videoId}, durably; fails the video instead when {@code ingest.max.attempts}
   * attempts already died with it in flight. An attempts file that cannot be written is logged, and the video is
   * read unguarded: the guard never fails a video for its own sake.
   */
  public void enter(String videoId) throws IngestFailure {
    if (dir == null) {
      return;
    }
    Path file = file(videoId);
    int crashed = crashes(file);
    if (crashed >= maxAttempts) {
      throw new IngestFailure(Status.DECODE_ERROR, REASON, "ingest crashed " + crashed + " times on this video");
    }
    if (crashed > 0) {
      LOG.warn("video {}: ingest died {} time(s) while this video was in flight; attempt {} of {}", videoId, crashed,
          crashed + 1, maxAttempts);
    }
    try {
      Files.createDirectories(dir);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(ByteBuffer.wrap((crashed + 1 + "\n" + videoId + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true); // the new file's name survives a host crash too
      }
    } catch (IOException e) {
      LOG.warn("video {}: cannot record the attempt in {} ({}); read without the crash guard", videoId, dir, e.toString());
    }
  }

  /** The attempt ended (records or a failure status): the video is not poison. */
  public void leave(String videoId) {
    if (dir == null) {
      return;
    }
    try {
      Files.deleteIfExists(file(videoId));
    } catch (IOException e) {
      LOG.warn("video {}: cannot clear its attempts file in {}: {}", videoId, dir, e.toString());
    }
  }

  private static int crashes(Path file) {
    try {
      String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("0").strip();
      return Integer.parseInt(first);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException | NumberFormatException e) {
      // a file cut short by the crash itself still says one attempt died
      return 1;
    }
  }

  /** One file per video, named by a hash: a video id may hold any character. */
  Path file(String videoId) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(videoId.getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".attempt");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
