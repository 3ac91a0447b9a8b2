package io.fakewatch.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT/SIGTERM) for a command that serves until stopped: {@link #await()} returns when the JVM
 * starts shutting down, and the shutdown hook then waits (up to 30 s) for {@link #close()}, so the command
 * closes its resources on its own thread before the JVM halts. Open it before those resources, so that
 * try-with-resources closes it after them.
 */
final class StopSignal implements AutoCloseable {
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;

  StopSignal() {
    hook = new Thread(() -> {
      stopping.countDown();
      try {
        closed.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fakewatch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Blocks until Ctrl-C. */
  void await() throws InterruptedException {
    stopping.await();
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it returns now that closed is counted down
    }
  }
}
