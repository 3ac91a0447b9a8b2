package io.fakewatch.ingest;

import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoder worker processes ({@code ingest.decode.workers}), started when the stage starts and kept warm; each
 * serves one video at a time, many videos in its life. A worker that crashes, is killed or overruns the decode
 * time-out (killed at {@code ingest.decode.timeout.ms} plus a tenth, at least 2 s) costs that one video a
 * DECODE_ERROR naming the cause, and a replacement is started in the background. Workers that keep failing to
 * start are retried with a growing pause (up to a minute), each failure logged as an error; a video that finds
 * no worker within a minute ends as DECODE_ERROR (DECODER_UNAVAILABLE) rather than stalling its partition.
 */
public final class DecoderPool implements VideoDecoding {
  private static final Logger LOG = LoggerFactory.getLogger(DecoderPool.class);
  private static final long MAX_BACKOFF_MS = 60_000;
  /** A worker JVM with FFmpeg and OpenCV loaded is ready in about a second; a minute means something is wrong. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration MIN_GRACE = Duration.ofSeconds(2);

  private final IngestSettings settings;
  private final WorkerCommand command;
  private final WorkerProtocol protocol;
  private final BlockingQueue<WorkerProcess> idle = new LinkedBlockingQueue<>();
  private final Set<WorkerProcess> live = ConcurrentHashMap.newKeySet();
  /** Starts workers one after another: no burst of JVM starts on a busy host. */
  private final ScheduledExecutorService starter = daemon("decoder-pool-start");
  /** Fires the kill timers, never blocked by a start. */
  private final ScheduledExecutorService timers = daemon("decoder-pool-timer");
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger replaced = new AtomicInteger();
  private final AtomicLong workerCpuNanos = new AtomicLong();
  private final Duration killAfter;
  private volatile int failedStartsInARow;
  private volatile String lastStartError = "none yet";
  private volatile boolean closed;
  private final AtomicBoolean startRequested = new AtomicBoolean();

  /**
   * A pool of {@code ingest.decode.workers} workers whose main class is {@code worker} (a test's own, in tests);
   * {@code warm}: started now, so the stage's first video does not wait for a JVM, else on the first video (tools
   * and tests that may never decode).
   */
  DecoderPool(IngestSettings settings, Class<?> worker, boolean warm) {
    this.settings = settings;
    this.command = WorkerCommand.detect(settings, worker);
    // records bigger than the topic takes are a broken worker, not a video
    this.protocol = new WorkerProtocol(settings.maxMessageBytes());
    // the worker's own check after every frame normally ends a slow decode first (DECODE_TIMEOUT with its frame
    // counts); the kill is for a decoder stuck inside one native call
    Duration grace = settings.decodeTimeout().dividedBy(10);
    this.killAfter = settings.decodeTimeout().plus(grace.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : grace);
    LOG.info("decoder pool: {} worker(s); per worker {} MiB address space, {} MiB heap, {} CPU s ({} per video"
            + " guaranteed), {} open files, {} MiB largest file; killed after {} s on one video; network {}",
        settings.decodeWorkers(), settings.workerMemoryMb(), WorkerCommand.HEAP_MB, command.cpuLimitSeconds(),
        settings.decodeCpuSeconds(), settings.workerOpenFiles(), settings.workerFileSizeMb(), killAfter.toSeconds(),
        command.noNetwork() ? "none (own namespace)" : "shared with the host");
    if (warm) {
      startWorkers();
    }
  }

  /** Starts the pool's workers in the background, once; later calls do nothing. */
  void startWorkers() {
    if (startRequested.compareAndSet(false, true)) {
      for (int i = 0; i < settings.decodeWorkers(); i++) {
        starter.execute(this::startOne);
      }
    }
  }

  @Override
  public List<FrameBatch> read(VideoRequest request, Path file, long bytes) throws IngestFailure {
    WorkerProcess worker = take();
    Duration limit = settings.decodeTimeout();
    String overrun = "decoder exceeded " + (limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms");
    ScheduledFuture<?> timer = timers.schedule(() -> worker.kill(overrun),
        killAfter.toMillis(), TimeUnit.MILLISECONDS);
    WorkerProtocol.Reply reply;
    long cpuBefore = worker.cpuNanos();
    try {
      reply = worker.run(new WorkerProtocol.Job(request, file.toAbsolutePath(), bytes)); // it runs in its temp dir
    } catch (IOException | RuntimeException e) {
      timer.cancel(false);
      String cause = worker.death();
      LOG.warn("video {}: {} (worker {}, pid {}); starting a replacement; {}", request.getVideoId(), cause,
          worker.name(), worker.pid(), worker.diagnosis());
      retire(worker);
      replaced.incrementAndGet();
      throw new IngestFailure(Status.DECODE_ERROR, cause.equals(overrun) ? "DECODE_TIMEOUT" : "DECODER_CRASHED", cause);
    }
    timer.cancel(false);
    workerCpuNanos.addAndGet(worker.cpuNanos() - cpuBefore);
    if (!worker.healthy()) { // the kill timer fired just as the reply came: the records are good, the worker is not
      retire(worker);
    } else if (TimeUnit.NANOSECONDS.toSeconds(worker.cpuNanos()) > command.cpuLimitSeconds() - settings.decodeCpuSeconds()) {
      LOG.info("{} used {} CPU s of its {}: replaced before its next video", worker.name(),
          TimeUnit.NANOSECONDS.toSeconds(worker.cpuNanos()), command.cpuLimitSeconds());
      retire(worker);
    } else {
      idle.add(worker);
    }
    return reply.recordsOrThrow();
  }

  /** Workers started so far, the first ones included. */
  int started() {
    return started.get();
  }

  /** The pids of the workers waiting for a video (tests look at their limits). */
  List<Long> idlePids() {
    return idle.stream().map(WorkerProcess::pid).toList();
  }

  /** CPU time the workers spent on the videos they answered (a worker's start-up counts in its first video). */
  long workerCpuNanos() {
    return workerCpuNanos.get();
  }

  /** Workers that died or were killed with a video. */
  int replaced() {
    return replaced.get();
  }

  private WorkerProcess take() throws IngestFailure {
    startWorkers();
    try {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      WorkerProcess worker = idle.poll(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      while (worker != null && !worker.healthy()) { // died while idle (an OOM kill): not this video's fault
        LOG.warn("{} died while idle ({}); starting a replacement", worker.name(), worker.death());
        retire(worker);
        worker = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      if (worker == null) {
        throw new IngestFailure(Status.DECODE_ERROR, "DECODER_UNAVAILABLE", "no decoder worker free within "
            + START_TIMEOUT.toSeconds() + " s; last start failure: " + lastStartError);
      }
      return worker;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a decoder worker", e);
    }
  }

  /** Closes the worker and starts its replacement in the background. */
  private void retire(WorkerProcess worker) {
    live.remove(worker);
    worker.close();
    if (!closed) {
      starter.execute(this::startOne);
    }
  }

  private void startOne() {
    if (closed) {
      return;
    }
    String name = "decoder-" + started.incrementAndGet();
    WorkerProcess worker = null;
    try {
      worker = WorkerProcess.launch(name, command, protocol);
      live.add(worker); // from now on close() ends it, started or not
      WorkerProcess starting = worker;
      ScheduledFuture<?> timer = timers.schedule(() -> starting.kill("not ready within " + START_TIMEOUT.toSeconds() + " s"),
          START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      try {
        worker.awaitReady();
      } finally {
        timer.cancel(false);
      }
      if (closed) {
        return;
      }
      failedStartsInARow = 0;
      idle.add(worker);
      LOG.debug("{} ready (pid {})", name, worker.pid());
    } catch (IOException | RuntimeException e) {
      if (worker != null) {
        live.remove(worker);
      }
      if (closed) {
        return;
      }
      lastStartError = e.getMessage();
      int failures = ++failedStartsInARow;
      long pause = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(failures - 1, 16));
      LOG.error("decoder worker failed to start ({} time(s) in a row); next try in {} s: {}", failures, pause / 1000,
          e.getMessage());
      if (!closed) {
        starter.schedule(this::startOne, pause, TimeUnit.MILLISECONDS);
      }
    }
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public void close() {
    closed = true;
    starter.shutdownNow();
    timers.shutdownNow();
    for (WorkerProcess worker : live) {
      worker.close();
    }
    live.clear();
    idle.clear();
  }
}
