package io.fakewatch.bench;

import io.fakewatch.ingest.IngestFailure;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.ingest.VideoDecoder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the temporal path costs each stage per video, for {@link PipelineBenchmark}:
 * <ul>
 *   <li>detect and score: the mean of the verdicts' {@code detect.temporal} and {@code score.temporal} timings
 *   (ms the stage spent on a video's clips) over the videos of the Kafka passes; a verdict without the key
 *   counts as 0 (no clip record reached that stage: the temporal path is off, or the video had no clip);</li>
 *   <li>ingest: its clip work is not timed apart inside the stage, so the same videos are decoded by ingest's
 *   decoder with the configured clips and with none (the sparse frames only), alternately, and the
 *   difference per video is the row.</li>
 * </ul>
 */
public final class TemporalPipelineCost {
  public static final String ROW_PREFIX = "pipeline.temporal_ms_per_video.";
  static final String DETECT_KEY = "detect.temporal";
  static final String SCORE_KEY = "score.temporal";

  private TemporalPipelineCost() {}

  /** Mean of one timing over the verdicts (missing = 0) and how many verdicts carried it. */
  public record Mean(double millis, int carried, int videos) {}

  public static Mean mean(List<Map<String, Long>> timings, String key) {
    if (timings.isEmpty()) {
      return new Mean(0, 0, 0);
    }
    long sum = 0;
    int carried = 0;
    for (Map<String, Long> t : timings) {
      Long ms = t.get(key);
      if (ms != null) {
        sum += ms;
        carried++;
      }
    }
    return new Mean((double) sum / timings.size(), carried, timings.size());
  }

  /** The detect and score rows from the verdict timings of the measured Kafka passes. */
  public static List<BenchRow> stageRows(List<Map<String, Long>> timings) {
    List<BenchRow> rows = new ArrayList<>();
    for (String stage : List.of("detect", "score")) {
      String key = stage + ".temporal";
      Mean mean = mean(timings, key);
      rows.add(new BenchRow(ROW_PREFIX + stage, mean.millis(), "ms", 0, String.format(Locale.ROOT,
          "mean of the verdicts' %s through Kafka (all stages sharing the cores), %d of %d verdicts carry it%s",
          key, mean.carried(), mean.videos(), mean.carried() == 0 ? " (temporal path off?)" : "")));
    }
    return rows;
  }

  /** Decoding with and without clips, alternately, {@code repetitions} times after a warm-up of each. */
  public static BenchRow ingestRow(IngestSettings settings, List<Path> videos, int repetitions, PrintStream log)
      throws IngestFailure {
    if (settings.clipsPerVideo() == 0) {
      return new BenchRow(ROW_PREFIX + "ingest", 0, "ms", 0, IngestSettings.CLIPS_PER_VIDEO + "=0: no clips, nothing to measure");
    }
    VideoDecoder decoder = new VideoDecoder(settings);
    int[] clipFrames = {0};
    decodeAll(decoder, videos, true, clipFrames);
    decodeAll(decoder, videos, false, clipFrames);
    List<Double> differences = new ArrayList<>();
    for (int rep = 0; rep < repetitions; rep++) {
      clipFrames[0] = 0;
      double with = decodeAll(decoder, videos, true, clipFrames);
      double without = decodeAll(decoder, videos, false, clipFrames);
      differences.add((with - without) / videos.size());
      log.printf(Locale.ROOT, "  ingest clips rep %d: with %d clips/video %.2f s, without %.2f s, %.1f ms/video%n", rep,
          settings.clipsPerVideo(), with / 1000, without / 1000, differences.get(rep));
    }
    BenchStats d = BenchStats.of(differences);
    return new BenchRow(ROW_PREFIX + "ingest", d.median(), "ms", 0, String.format(Locale.ROOT,
        "ingest's decoder on the %d videos with %s=%d (%d clip frames a video, %s) minus with none; %s",
        videos.size(), IngestSettings.CLIPS_PER_VIDEO, settings.clipsPerVideo(), clipFrames[0] / videos.size(),
        settings.clipsAsPackets() ? "as the source's packets, JPEG q" + settings.clipJpegQuality() + " where they cannot be cut"
            : "JPEG q" + settings.clipJpegQuality(), d.spread()));
  }

  /** Milliseconds to decode every video; with clips, every clip frame is counted into {@code clipFrames[0]}. */
  private static double decodeAll(VideoDecoder decoder, List<Path> videos, boolean clips, int[] clipFrames)
      throws IngestFailure {
    long start = System.nanoTime();
    for (Path video : videos) {
      decoder.decode(video, video.toFile().length(), frame -> { }, clips ? (clip, frame) -> clipFrames[0]++ : null);
    }
    return (System.nanoTime() - start) / 1e6;
  }
}
