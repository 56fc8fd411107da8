package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.KafkaAccess;
import dev.weblog.common.KafkaClientSecurity;
import dev.weblog.embedded.BrokerCertificate;
import dev.weblog.embedded.EmbeddedKafka;
import dev.weblog.embedded.ScramListener;
import dev.weblog.embedded.SecretVolume;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.StreamTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * StreamJob's main path against a broker that wants TLS and SCRAM-SHA-512 and enforces ACLs, as a Strimzi Kafka
 * with {@code authorization: simple} does. Its command line holds only config-provider references: the start-up
 * check's admin client, Spark's driver and its executors' consumers read the JAAS line and the CA from files laid
 * out like the mounted Strimzi Secrets, and the user has exactly the stream's grants ({@link KafkaAccess#stream}).
 */
@Timeout(300)
class SecuredStreamTest {

  static final String USER = "weblog-stream";
  static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime()) + "-stream";
  static final String TOPIC = "secured-live";
  static final int PARTITIONS = 2;
  static final Duration WAIT = Duration.ofSeconds(180);

  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static Path caDir;

  @BeforeAll
  static void startSecuredKafka() throws Exception {
    BrokerCertificate certificate = BrokerCertificate.create(tmp.resolve("tls"));
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"), 0, ScramListener.tls(certificate));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
    kafka.createScramUser(USER, PASSWORD);
    kafka.grant(USER, KafkaAccess.stream(TOPIC));
    caDir = SecretVolume.write(tmp.resolve("kafka-ca"), Map.of(KafkaClientSecurity.CA_KEY,
        Files.readString(certificate.caPem())));
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void scoresEveryRecordReadWithMountedCredentialsAndPrintsNoSecret() throws Exception {
    String base = StreamTestData.baseWithModels("secured-stream");
    List<byte[]> lines = StreamTestData.generatedLines(400);
    send(lines);
    String query = "secured";
    String[] args = args(base, userSecret("good", PASSWORD), "--query-name", query);

    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<SharedCluster.Outcome> job = runner.submit(() -> SharedCluster.capture(
          () -> StreamJob.execute(args, SharedCluster::spark)));
      StreamingQuery running = awaitRecords(job, query, lines.size());
      running.stop();
      SharedCluster.Outcome outcome = job.get(60, TimeUnit.SECONDS);
      assertEquals(0, outcome.exitCode(), outcome.toString());
      assertTrue(outcome.stdout().contains("Kafka client settings {") && outcome.stdout().contains(
          KafkaClientSecurity.JAAS_KEY + "=" + KafkaClientSecurity.MASK), outcome.stdout());
      assertFalse(outcome.stdout().contains(PASSWORD) || outcome.stderr().contains(PASSWORD), "password printed");
      assertFalse(outcome.stdout().contains("${dir:"), "even the reference to the JAAS file is masked");
    } finally {
      runner.shutdownNow();
    }
    HdfsLayout layout = new HdfsLayout(base);
    SparkSession spark = SharedCluster.spark();
    long predicted = spark.read().parquet(SharedCluster.uri() + layout.streamPredictions()).count();
    long quarantined = spark.read().parquet(SharedCluster.uri() + layout.streamQuarantine()).count();
    assertEquals(lines.size(), predicted + quarantined, "every record read once, predicted or quarantined");
    assertEquals(4, quarantined, "the generated broken lines");
  }

  @Test
  void aWrongPasswordIsOneLineNamingTheBrokerAndTheAuthenticationFailure() {
    String base = StreamTestData.baseWithModels("secured-wrong-password");
    SharedCluster.Outcome outcome = SharedCluster.capture(() -> StreamJob.execute(
        args(base, userSecret("wrong", "not-" + PASSWORD), "--kafka-timeout", "20"), SharedCluster::spark));
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode(), outcome.toString());
    List<String> errors = outcome.stderr().lines().filter(l -> l.startsWith("StreamJob: error:")).toList();
    assertEquals(1, errors.size(), outcome.stderr());
    assertTrue(errors.get(0).contains("authentication with Kafka at " + kafka.scramBootstrapServers() + " failed"),
        errors.get(0));
    assertTrue(errors.get(0).contains("invalid credentials with SASL mechanism SCRAM-SHA-512"), errors.get(0));
    assertFalse(outcome.stderr().contains(PASSWORD), outcome.stderr());
    System.out.println("Security: StreamJob with a wrong password: " + errors.get(0));
  }

  /** The stream's Secret as Strimzi writes it for user {@link #USER}. */
  private static Path userSecret(String name, String password) {
    return SecretVolume.write(tmp.resolve("kafka-user-" + name), Map.of(KafkaClientSecurity.PASSWORD_KEY, password,
        KafkaClientSecurity.JAAS_KEY, KafkaClientSecurity.jaasConfig(USER, password)));
  }

  /** The streaming driver's arguments as the operator builds them, against the secured listener. */
  private static String[] args(String base, Path userDir, String... more) {
    List<String> args = new ArrayList<>(Arrays.asList(SharedCluster.args(base, JobContract.OPT_BOOTSTRAP,
        kafka.scramBootstrapServers(), JobContract.OPT_TOPIC, TOPIC, JobContract.OPT_TRIGGER, "500 milliseconds")));
    args.addAll(JobContract.kafkaPropertyArgs(KafkaClientSecurity.tlsScram(userDir.toString(), caDir.toString())));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** Written through the plain listener, whose anonymous principal is the broker's super user. */
  private static void send(List<byte[]> lines) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] line : lines) {
        producer.send(new ProducerRecord<>(TOPIC, line)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** The running query, once its micro-batches have read {@code records} records. */
  private static StreamingQuery awaitRecords(Future<SharedCluster.Outcome> job, String name, long records)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (job.isDone()) {
        fail("StreamJob ended early: " + job.get());
      }
      Optional<StreamingQuery> query = Arrays.stream(SharedCluster.spark().streams().active())
          .filter(q -> name.equals(q.name())).findFirst();
      if (query.isPresent() && Arrays.stream(query.get().recentProgress())
          .mapToLong(StreamingQueryProgress::numInputRows).sum() >= records) {
        return query.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("StreamJob did not read " + records + " records within " + WAIT);
  }
}
