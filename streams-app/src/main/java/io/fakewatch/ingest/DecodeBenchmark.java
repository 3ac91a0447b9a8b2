package io.fakewatch.ingest;

import io.fakewatch.bench.BenchRow;
import io.fakewatch.bench.BenchStats;
import java.io.PrintStream;
import io.fakewatch.serde.VideoRequests;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * The decode line: the ingest stage's own path (probe, sequential decode, sampling, upright JPEG of each
 * sampled frame) in videos/s and sampled frames/s, against Debian's {@code ffmpeg} CLI decoding the same
 * files to nothing in the same run — the raw limit of the decode alone. A third line times the
 * seek-per-sample alternative, which the stage does not use. Two more time the stage's whole unit of work (file →
 * records, clips included) in this JVM and in a warm decoder worker (a process with its limits, the records
 * coming back over the pipe in Avro): their ratio is what isolation costs. The skip line times the configured
 * decode ({@code ingest.decode.skip}, by default leaving out unsampled non-reference pictures) against the same
 * decode of every picture, alternated in each repetition so that a busy host weighs on both alike.
 */
public final class DecodeBenchmark {
  private final List<Path> videos;
  private final int repetitions;
  private final PrintStream log;
  private final VideoDecoder decoder;
  private final VideoDecoder everyPicture;
  private final int frames;
  private final IngestSettings settings;
  private final VideoRecords records;

  /** @param everyPicture the same settings with {@code ingest.decode.skip=none} */
  public DecodeBenchmark(List<Path> videos, IngestSettings settings, IngestSettings everyPicture, int repetitions,
      PrintStream log) {
    this.videos = videos;
    this.repetitions = repetitions;
    this.log = log;
    this.decoder = new VideoDecoder(settings);
    this.everyPicture = new VideoDecoder(everyPicture);
    this.frames = settings.framesPerVideo();
    this.settings = settings;
    this.records = new VideoRecords(settings);
  }

  public List<BenchRow> run() throws Exception {
    try (DecoderPool pool = new DecoderPool(settings, DecodeWorker.class, true)) {
      return run(pool);
    }
  }

  private List<BenchRow> run(DecoderPool pool) throws Exception {
    decodeAll(decoder); // warm-up: native libraries, page cache, the worker's JIT
    decodeAll(everyPicture);
    ffmpegAll();
    recordsAll(records);
    recordsAll(pool);
    List<Double> ours = new ArrayList<>();
    List<Double> cli = new ArrayList<>();
    List<Double> unskipped = new ArrayList<>();
    List<Double> seeking = new ArrayList<>();
    List<Double> inProcess = new ArrayList<>();
    List<Double> isolated = new ArrayList<>();
    List<Double> inProcessCpu = new ArrayList<>();
    List<Double> isolatedCpu = new ArrayList<>();
    int sampled = 0;
    for (int rep = 0; rep < repetitions; rep++) {
      // the skipping and the full decode side by side, in turn first
      long start;
      for (int k = 0; k < 2; k++) {
        boolean skipping = (rep + k) % 2 == 0;
        start = System.nanoTime();
        int count = decodeAll(skipping ? decoder : everyPicture);
        (skipping ? ours : unskipped).add(seconds(start));
        sampled = skipping ? count : sampled;
      }
      start = System.nanoTime();
      ffmpegAll();
      cli.add(seconds(start));
      // alternated in every repetition, so a busy neighbour on the host weighs on both alike
      start = System.nanoTime();
      long cpu = processCpuNanos();
      recordsAll(records);
      inProcess.add(seconds(start));
      inProcessCpu.add((processCpuNanos() - cpu) / 1e9);
      start = System.nanoTime();
      cpu = processCpuNanos() + pool.workerCpuNanos();
      recordsAll(pool);
      isolated.add(seconds(start));
      isolatedCpu.add((processCpuNanos() + pool.workerCpuNanos() - cpu) / 1e9);
      if (rep == 0) {
        // a design comparison, not a target: once is enough, and it is the slowest thing here by far
        start = System.nanoTime();
        seekAll();
        seeking.add(seconds(start));
      }
      log.printf("  decode rep %d: ingest %.2f s (every picture decoded %.2f s), ffmpeg CLI %.2f s, records in-process"
              + " %.2f s (CPU %.2f s), isolated %.2f s (CPU %.2f s: stage and worker)%s%n", rep, ours.get(rep),
          unskipped.get(rep), cli.get(rep), inProcess.get(rep),
          inProcessCpu.get(rep), isolated.get(rep), isolatedCpu.get(rep),
          rep == 0 ? String.format(", seek-per-sample %.2f s", seeking.get(0)) : "");
    }
    BenchStats o = BenchStats.of(ours);
    BenchStats c = BenchStats.of(cli);
    BenchStats s = BenchStats.of(seeking);
    BenchStats in = BenchStats.of(inProcess);
    BenchStats iso = BenchStats.of(isolated);
    int n = videos.size();
    return List.of(
        new BenchRow("decode.records_in_process_videos_per_s", n / in.median(), "videos/s", n / c.median(),
            "file → records (sparse frames and clips, batched) in the stage's JVM, vs the ffmpeg CLI; " + in.spread() + " s"),
        new BenchRow("decode.records_isolated_videos_per_s", n / iso.median(), "videos/s", n / in.median(),
            String.format(java.util.Locale.ROOT, "the same in a warm decoder worker (limits, no network, records over"
                + " the pipe), vs in-process; %.3f of the ffmpeg CLI; %s s", c.median() / iso.median(), iso.spread())),
        new BenchRow("decode.records_isolated_videos_per_cpu_s", n / BenchStats.of(isolatedCpu).median(), "videos/CPU-s",
            n / BenchStats.of(inProcessCpu).median(), "CPU of stage and worker together vs in-process: what isolation costs"
                + " where the cores are busy (wall clock above varies with the host's load)"),
        new BenchRow("decode.videos_per_s", n / o.median(), "videos/s", n / c.median(),
            "limit: ffmpeg CLI decoding the same " + n + " videos (-threads 0, -f null); " + o.spread() + " s"),
        new BenchRow("decode.sampled_frames_per_s", sampled / o.median(), "frames/s", 0,
            sampled + " sampled frames, JPEG-encoded upright"),
        new BenchRow("decode.skip_videos_per_s", n / o.median(), "videos/s", n / BenchStats.of(unskipped).median(),
            "the decode above vs the same decoding every picture (ingest.decode.skip=none), alternated in each"
                + " repetition; " + BenchStats.of(unskipped).spread() + " s"),
        new BenchRow("decode.seek_videos_per_s", n / s.median(), "videos/s", n / o.median(),
            "seek per sampled frame (one run), vs the sequential decode the stage uses"));
  }

  private int decodeAll(VideoDecoder with) throws IngestFailure {
    int sampled = 0;
    for (Path video : videos) {
      sampled += with.sample(video).size();
    }
    return sampled;
  }

  private void recordsAll(VideoDecoding decoding) throws IngestFailure {
    for (Path video : videos) {
      decoding.read(VideoRequests.of(video.getFileName().toString(), video.toUri().toString(), Instant.now()), video,
          video.toFile().length());
    }
  }

  private void ffmpegAll() throws Exception {
    for (Path video : videos) {
      Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-threads", "0", "-i", video.toString(), "-an", "-f", "null", "-")
          .redirectErrorStream(true).start();
      ffmpeg.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (!ffmpeg.waitFor(5, TimeUnit.MINUTES) || ffmpeg.exitValue() != 0) {
        throw new IllegalStateException("ffmpeg failed on " + video);
      }
    }
  }

  private void seekAll() throws Exception {
    for (Path video : videos) {
      try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
        grabber.start();
        long duration = grabber.getLengthInTime();
        for (int i = 0; i < frames; i++) {
          grabber.setVideoTimestamp(i * duration / frames);
          Frame frame = grabber.grabImage();
          if (frame == null) {
            break;
          }
        }
      }
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
