package dev.weblog.embedded;

import dev.weblog.common.KafkaAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) in this JVM. Kafka 3.9 is the line
 * that shares this JVM with Spark's Kafka client; a 4.x broker would need a JVM of its own.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String SCRAM_PORT = "weblog.scram.port";
  private static final String SCRAM_LISTENER = "CLIENT";
  /**
   * The log cleaner's key map, a heap array held from start to stop: Kafka's default 128 MiB was the largest object
   * in the demo's heap, for one compacted topic (consumer offsets, a key per group and partition); 8 MiB maps
   * ~300,000 keys.
   */
  static final int DEDUPE_BUFFER_BYTES = 8 << 20;

  private final KafkaRaftServer server;
  private final int port;
  private final Path dir;
  /** The SCRAM listener's port, or 0 when the broker has none. */
  private final int scramPort;

  private EmbeddedKafka(KafkaRaftServer server, int port, Path dir, int scramPort) {
    this.server = server;
    this.port = port;
    this.dir = dir;
    this.scramPort = scramPort;
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
    return start(dir, port, null);
  }

  /**
   * Starts a broker that also has a SCRAM listener ({@code scram} null: none, the default broker). A restart on a
   * folder keeps the listeners it was first started with.
   */
  public static EmbeddedKafka start(Path dir, int port, ScramListener scram) {
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
        if (scram != null) {
          secure(p, freePort(), scram);
        }
        try (Writer w = Files.newBufferedWriter(props)) {
          p.store(w, "embedded Kafka broker of weblog-pipeline");
        }
        format(props);
      }
      Properties serverProps = new Properties();
      serverProps.putAll(p);
      serverProps.remove("weblog.port");
      serverProps.remove(SCRAM_PORT);
      // Not stored with the folder, so a broker reused from an earlier run is as small as a new one.
      serverProps.put("log.cleaner.dedupe.buffer.size", Integer.toString(DEDUPE_BUFFER_BYTES));
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(serverProps), Time.SYSTEM);
      server.startup();
      return new EmbeddedKafka(server, brokerPort, dir, Integer.parseInt(p.getProperty(SCRAM_PORT, "0")));
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

  /** The SCRAM listener's address; only for a broker started with a {@link ScramListener}. */
  public String scramBootstrapServers() {
    if (scramPort == 0) {
      throw new IllegalStateException("the Kafka broker in " + dir + " was started without a SCRAM listener");
    }
    return "localhost:" + scramPort;
  }

  /** Creates a SCRAM-SHA-512 user, and returns once the broker lists it. */
  public void createScramUser(String user, String password) {
    try (Admin admin = superUser()) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!admin.describeUserScramCredentials().users().get(30, TimeUnit.SECONDS).contains(user)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Kafka in " + dir + " does not list SCRAM user " + user + " after 30 s");
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create SCRAM user " + user + " in Kafka in " + dir + ": " + e, e);
    }
  }

  /** Allows {@code user} exactly these grants (the pipeline's own, from {@link KafkaAccess}), as ACLs. */
  public void grant(String user, List<KafkaAccess.Grant> grants) {
    List<AclBinding> bindings = grants.stream().flatMap(g -> {
      ResourcePattern pattern = new ResourcePattern(ResourceType.valueOf(g.type().name()), g.name(),
          g.prefix() ? PatternType.PREFIXED : PatternType.LITERAL);
      return g.operations().stream().map(op -> new AclBinding(pattern,
          new AccessControlEntry("User:" + user, "*", AclOperation.fromString(op), AclPermissionType.ALLOW)));
    }).toList();
    try (Admin admin = superUser()) {
      admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
      // The controller commits ACLs; the broker's authorizer learns them from the metadata log a moment later.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).containsAll(bindings)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Kafka in " + dir + " does not enforce " + bindings + " after 30 s");
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating ACLs for " + user, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create ACLs " + bindings + " in Kafka in " + dir + ": " + e, e);
    }
  }

  /** The plain listener: with a SCRAM listener its anonymous principal is a super user. */
  private Admin superUser() {
    scramBootstrapServers();
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
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

  /** Adds the SCRAM listener, StandardAuthorizer ACLs, and the plain listener's principal as super user. */
  private static void secure(Properties p, int scramPort, ScramListener scram) {
    String protocol = scram.securityProtocol();
    String listener = SCRAM_LISTENER.toLowerCase(java.util.Locale.ROOT);
    p.put("listeners", p.getProperty("listeners") + "," + SCRAM_LISTENER + "://localhost:" + scramPort);
    p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + SCRAM_LISTENER + "://localhost:"
        + scramPort);
    p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + "," + SCRAM_LISTENER
        + ":" + protocol);
    p.put("sasl.enabled.mechanisms", ScramListener.MECHANISM);
    p.put("listener.name." + listener + ".scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    if (scram.isTls()) {
      p.put("listener.name." + listener + ".ssl.keystore.type", "PKCS12");
      p.put("listener.name." + listener + ".ssl.keystore.location", scram.keyStore().toAbsolutePath().toString());
      p.put("listener.name." + listener + ".ssl.keystore.password", scram.keyStorePassword());
    }
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    // The broker talks to itself and its controller over the plain listeners, as ANONYMOUS.
    p.put("super.users", "User:ANONYMOUS");
    p.put(SCRAM_PORT, Integer.toString(scramPort));
  }

  private static void format(Path props) {
    Properties forTool = new Properties();
    try (var in = Files.newInputStream(props)) {
      forTool.load(in);
      forTool.remove("weblog.port");
      forTool.remove(SCRAM_PORT);
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
