package io.fakewatch.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM from
 * Kafka's own server jars: for {@code demo}, {@code broker} and the integration tests. The only class
 * that touches Kafka's internal server API. Restarting on the same directory keeps every topic.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  /** Frame batches are megabytes: the broker accepts up to this per record. */
  public static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

  private final Path logDir;
  private final int port;
  private final int controllerPort;
  private final boolean ownsDir;
  /** The JAAS config of a SASL/PLAIN client listener; null for the plain PLAINTEXT listener. */
  private final String saslPlainJaas;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(Path logDir, int port, int controllerPort, boolean ownsDir, String saslPlainJaas) {
    this.logDir = logDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.ownsDir = ownsDir;
    this.saslPlainJaas = saslPlainJaas;
  }

  /** Starts a broker on {@code port} (0: any free port) with its log in {@code dir} (null: a temp dir). */
  public static EmbeddedKafkaBroker start(int port, Path dir) {
    return start(port, dir, null);
  }

  public static EmbeddedKafkaBroker start() {
    return start(0, null);
  }

  /**
   * A broker whose client listener is SASL_PLAINTEXT with the PLAIN mechanism and accepts only
   * {@code user}/{@code password} (plus the broker's own identity, with a random password, for its
   * inter-broker traffic). The KRaft controller listener stays PLAINTEXT: no client ever talks to it.
   */
  public static EmbeddedKafkaBroker startWithSaslPlain(String user, String password) {
    if (!user.matches("[A-Za-z0-9_-]+") || user.equals("broker")) {
      throw new IllegalArgumentException("SASL user name must be letters, digits, '_' or '-', and not 'broker': " + user);
    }
    String brokerPassword = Uuid.randomUuid().toString();
    String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required"
        + " username=" + jaasQuoted("broker") + " password=" + jaasQuoted(brokerPassword)
        + " user_broker=" + jaasQuoted(brokerPassword)
        + " user_" + user + "=" + jaasQuoted(password) + ";";
    return start(0, null, jaas);
  }

  private static EmbeddedKafkaBroker start(int port, Path dir, String saslPlainJaas) {
    try {
      boolean temp = dir == null;
      Path logDir = temp ? Files.createTempDirectory("fakewatch-kafka-") : dir;
      Files.createDirectories(logDir);
      EmbeddedKafkaBroker broker =
          new EmbeddedKafkaBroker(logDir, port == 0 ? freePort() : port, freePort(), temp, saslPlainJaas);
      broker.startServer();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
    }
  }

  private static String jaasQuoted(String value) {
    if (value.isEmpty() || value.contains("\"") || value.contains("\\")) {
      throw new IllegalArgumentException("SASL user names and passwords must be non-empty, without quotes or backslashes");
    }
    return "\"" + value + "\"";
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public Path logDir() {
    return logDir;
  }

  /** Stops the broker, keeping its log directory, as a crash or maintenance would. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
      LOG.info("embedded Kafka broker on {} stopped", bootstrapServers());
    }
  }

  /** Starts the broker again on the same port and log directory. */
  public synchronized void restart() {
    stop();
    startServer();
  }

  @Override
  public synchronized void close() {
    stop();
    if (ownsDir) {
      deleteRecursively(logDir);
    }
  }

  private synchronized void startServer() {
    Properties props = properties();
    try {
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(props);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot format the broker log directory " + logDir, e);
    }
    long started = System.nanoTime();
    server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
    server.startup();
    LOG.info("embedded Kafka broker on {} started in {} ms (log dir {})",
        bootstrapServers(), (System.nanoTime() - started) / 1_000_000, logDir);
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    String listener = saslPlainJaas == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
    p.put("listeners", listener + "://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", listener + "://localhost:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", listener);
    p.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
    if (saslPlainJaas != null) {
      p.put("sasl.enabled.mechanisms", "PLAIN");
      p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", saslPlainJaas);
    }
    p.put("log.dirs", logDir.toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    p.put("num.partitions", "1");
    p.put("log.flush.interval.messages", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    return p;
  }

  private void format(Properties props) throws IOException {
    Path config = Files.createTempFile("fakewatch-kraft-", ".properties");
    try {
      try (OutputStream out = Files.newOutputStream(config)) {
        props.store(out, "FakeWatch embedded broker");
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int rc = StorageTool.execute(
          new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
          new PrintStream(output, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IOException("kafka-storage format exited " + rc + ": " + output.toString(StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(config);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }
}
