package io.fakewatch.cli;

import io.fakewatch.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run a single-node Kafka broker (KRaft) inside this JVM until stopped (Ctrl-C).")
final class BrokerCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "P", defaultValue = "9092", description = "Client port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--dir", paramLabel = "D", description = "Log directory; kept between runs (default: a temp dir, deleted on exit)")
  Path dir;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dir);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "broker-shutdown"));
    System.out.println("Kafka broker listening on " + broker.bootstrapServers() + " (log dir " + broker.logDir() + "); Ctrl-C stops it");
    stopped.await();
    return 0;
  }
}
