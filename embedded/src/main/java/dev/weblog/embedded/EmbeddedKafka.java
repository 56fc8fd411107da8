package dev.weblog.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
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

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) in this JVM. Kafka 3.9 is the line
 * that shares this JVM with Spark's Kafka client; a 4.x broker would need a JVM of its own.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final KafkaRaftServer server;
  private final int port;
  private final Path dir;

  private EmbeddedKafka(KafkaRaftServer server, int port, Path dir) {
    this.server = server;
    this.port = port;
    this.dir = dir;
  }

  /** Starts a broker on a free port, storing its log under {@code dir}. */
  public static EmbeddedKafka start(Path dir) {
    return start(dir, 0);
  }

  /**
   * Starts a broker; {@code port} 0 picks a free one. A folder formatted by an earlier start is reused, so a
   * restarted broker on the same folder and port keeps its topics and offsets.
   */
  public static EmbeddedKafka start(Path dir, int port) {
    try {
      Files.createDirectories(dir);
      Path props = dir.resolve("server.properties");
      Properties p;
      int brokerPort;
      if (Files.exists(props) && Files.exists(dir.resolve("kraft-logs/meta.properties"))) {
        p = new Properties();
        try (var in = Files.newInputStream(props)) {
          p.load(in);
        }
        brokerPort = Integer.parseInt(p.getProperty("weblog.port"));
        if (port != 0 && port != brokerPort) {
          throw new IllegalArgumentException("Kafka folder " + dir + " belongs to a broker on port " + brokerPort);
        }
      } else {
        brokerPort = port == 0 ? freePort() : port;
        p = config(dir, brokerPort, freePort());
        try (Writer w = Files.newBufferedWriter(props)) {
          p.store(w, "embedded Kafka broker of weblog-pipeline");
        }
        format(props);
      }
      Properties serverProps = new Properties();
      serverProps.putAll(p);
      serverProps.remove("weblog.port");
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(serverProps), Time.SYSTEM);
      server.startup();
      return new EmbeddedKafka(server, brokerPort, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Kafka in " + dir + ": " + e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static Properties config(Path dir, int port, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("kraft-logs").toAbsolutePath().toString());
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created on purpose, with their partition count, by the producer.
    p.put("auto.create.topics.enable", "false");
    p.put("weblog.port", Integer.toString(port));
    return p;
  }

  private static void format(Path props) {
    Properties forTool = new Properties();
    try (var in = Files.newInputStream(props)) {
      forTool.load(in);
      forTool.remove("weblog.port");
      Path clean = props.resolveSibling("server-format.properties");
      try (Writer w = Files.newBufferedWriter(clean)) {
        forTool.store(w, null);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int rc = StorageTool.execute(
          new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", clean.toString()},
          new PrintStream(out, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IllegalStateException("formatting Kafka storage failed (" + rc + "): " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
