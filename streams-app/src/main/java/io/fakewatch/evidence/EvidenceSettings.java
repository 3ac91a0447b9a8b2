package io.fakewatch.evidence;

import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The evidence the verdict stage keeps for the API and console: face thumbnails (made by detect) and decided
 * verdicts, in changelogged stores, bounded by a count of videos and by age, whichever bites first.
 */
public record EvidenceSettings(int thumbnailPx, int thumbnailQuality, int retentionVideos, Duration retention,
    Duration checkInterval, int partitions) {
  public static final String THUMBNAIL_PX = "evidence.thumbnail.px";
  public static final String THUMBNAIL_QUALITY = "evidence.thumbnail.quality";
  public static final String RETENTION_VIDEOS = "evidence.retention.videos";
  public static final String RETENTION_MS = "evidence.retention.ms";
  public static final String CHECK_INTERVAL_MS = "evidence.check.interval.ms";

  public static void define(ConfigDef def) {
    def.define(THUMBNAIL_PX, Type.INT, 112, Range.between(0, 512), MEDIUM,
            "Longest side in pixels of the face thumbnail detect makes of each crop (JPEG) for the evidence "
                + "store and console; 0 makes none")
        .define(THUMBNAIL_QUALITY, Type.INT, 80, Range.between(30, 100), LOW, "JPEG quality of face thumbnails")
        .define(RETENTION_VIDEOS, Type.INT, 1000, Range.atLeast(1), MEDIUM,
            "The verdict stage keeps the thumbnails and verdicts of at most about this many videos (the most "
                + "recent), shared evenly over topics.partitions (each partition keeps ceil(videos / partitions))")
        .define(RETENTION_MS, Type.LONG, 7L * 24 * 3600 * 1000, Range.atLeast(1_000), MEDIUM,
            "Thumbnails and verdicts older than this (wall clock since the video's last evidence) are deleted")
        .define(CHECK_INTERVAL_MS, Type.LONG, 10_000L, Range.atLeast(100), LOW,
            "How often the evidence retention punctuator runs (wall clock)");
  }

  public static EvidenceSettings from(FakeWatchConfig config) {
    return new EvidenceSettings(config.getInt(THUMBNAIL_PX), config.getInt(THUMBNAIL_QUALITY),
        config.getInt(RETENTION_VIDEOS), Duration.ofMillis(config.getLong(RETENTION_MS)),
        Duration.ofMillis(config.getLong(CHECK_INTERVAL_MS)), config.getInt(ConfigKeys.TOPIC_PARTITIONS));
  }

  /** The most videos one task (input partition) keeps. */
  public int videosPerPartition() {
    return Math.max(1, (retentionVideos + partitions - 1) / partitions);
  }
}
