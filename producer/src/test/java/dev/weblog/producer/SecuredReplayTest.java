package dev.weblog.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.common.KafkaAccess;
import dev.weblog.common.KafkaClientSecurity;
import dev.weblog.embedded.BrokerCertificate;
import dev.weblog.embedded.EmbeddedKafka;
import dev.weblog.embedded.ScramListener;
import dev.weblog.embedded.SecretVolume;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay against a broker that wants TLS and SCRAM-SHA-512 and enforces ACLs, as a Strimzi Kafka with
 * {@code authorization: simple} does: the command line holds only config-provider references, the credentials
 * and the CA are read from files laid out like the mounted Strimzi Secrets, and the user has exactly the
 * producer's grants ({@link KafkaAccess#producer}).
 */
@Timeout(180)
class SecuredReplayTest {

  static final String USER = "weblog-producer";
  static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime()) + "-producer";
  static final String TOPIC = "secured-live";

  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;
  static Path caDir;

  @BeforeAll
  static void startSecuredKafka() throws Exception {
    BrokerCertificate certificate = BrokerCertificate.create(tmp.resolve("tls"));
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"), 0, ScramListener.tls(certificate));
    // In the cluster the KafkaTopic makes the topic: the producer's user may not create topics.
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
    kafka.createScramUser(USER, PASSWORD);
    kafka.grant(USER, KafkaAccess.producer(TOPIC));
    caDir = SecretVolume.write(tmp.resolve("kafka-ca"), Map.of(KafkaClientSecurity.CA_KEY,
        Files.readString(certificate.caPem())));
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  record Result(int exit, String out, String err) {}

  @Test
  void replaysWithCredentialsReadFromTheMountedSecretFilesAndNeverPrintsThem() {
    Path userDir = userSecret("good", USER, PASSWORD);
    Result r = replay(userDir, "--generate", "300");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("done: sent 300 lines"), r.out());
    assertEquals(300, TopicContents.read(kafka.bootstrapServers(), TOPIC).size(), "records on the topic");
    assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), "the password was printed: " + r);
  }

  @Test
  void aWrongPasswordIsOneLineNamingTheBrokerAndTheAuthenticationFailure() {
    Path userDir = userSecret("wrong", USER, "not-" + PASSWORD);
    Result r = replay(userDir, "--generate", "10", "--connect-timeout", "20s");
    assertEquals(ReplayException.EXIT_FAILURE, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("authentication with Kafka at " + kafka.scramBootstrapServers() + " failed"), r.err());
    assertTrue(r.err().contains("SaslAuthenticationException"), r.err());
    assertFalse(r.err().contains(PASSWORD), r.err());
    assertEquals("", r.out());
    System.out.println("Security: the replay with a wrong password: " + r.err().strip());
  }

  @Test
  void aUserWithoutTheProducersGrantsIsRefusedNamingTheTopic() {
    kafka.createScramUser("stranger", "stranger-pw");
    Result r = replay(userSecret("stranger", "stranger", "stranger-pw"), "--generate", "10");
    assertEquals(ReplayException.EXIT_FAILURE, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("does not allow this client to describe topic " + TOPIC), r.err());
  }

  /** The user's Secret as Strimzi writes it: the password, and the JAAS line that carries it. */
  private static Path userSecret(String name, String user, String password) {
    return SecretVolume.write(tmp.resolve("kafka-user-" + name), Map.of(KafkaClientSecurity.PASSWORD_KEY, password,
        KafkaClientSecurity.JAAS_KEY, KafkaClientSecurity.jaasConfig(user, password)));
  }

  /** The producer pod's command line, against the secured listener. */
  private static Result replay(Path userDir, String... more) {
    List<String> args = new ArrayList<>(List.of(JobContract.OPT_BOOTSTRAP, kafka.scramBootstrapServers(),
        JobContract.OPT_TOPIC, TOPIC, JobContract.OPT_PARTITIONS, "3"));
    args.addAll(JobContract.kafkaPropertyArgs(KafkaClientSecurity.tlsScram(userDir.toString(), caDir.toString())));
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ReplayCommand.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
