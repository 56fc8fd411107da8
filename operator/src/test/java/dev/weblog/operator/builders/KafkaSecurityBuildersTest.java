package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.common.KafkaAccess;
import dev.weblog.common.KafkaClientSecurity;
import dev.weblog.common.Target;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kafka security by default: the managed cluster's only client listener is TLS with SCRAM-SHA-512 and ACLs, each
 * client has its own KafkaUser with its least grants, and each client pod mounts only its own user's Secret and the
 * CA's, which its properties refer to by file. Plain turns all of it off; External mounts the named Secrets.
 */
class KafkaSecurityBuildersTest {

  private final WebLogPipeline p = Pipelines.minimal();

  @Test
  void theManagedClusterListensOnlyWithTlsAndScramAndAuthorizesWithAcls() {
    Kafka kafka = KafkaBuilder.kafka(p);
    List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
    assertEquals(1, listeners.size(), "no plain listener");
    assertEquals(KafkaBuilder.TLS_LISTENER, listeners.get(0).getName());
    assertEquals(Endpoints.KAFKA_TLS_PORT, listeners.get(0).getPort());
    assertTrue(listeners.get(0).isTls());
    assertTrue(listeners.get(0).getAuth() instanceof KafkaListenerAuthenticationScramSha512);
    assertTrue(kafka.getSpec().getKafka().getAuthorization() instanceof KafkaAuthorizationSimple);
    assertTrue(kafka.getSpec().getEntityOperator().getUserOperator() != null, "the User Operator writes the Secrets");
    BuilderAssertions.assertRestrictedContainer(kafka.getSpec().getEntityOperator().getTemplate()
        .getUserOperatorContainer().getSecurityContext());
    assertTrue(Endpoints.bootstrapServers(p).endsWith(":" + Endpoints.KAFKA_TLS_PORT));
  }

  @Test
  void eachClientHasAScramUserWithExactlyItsGrants() {
    Map<String, KafkaUser> users = KafkaBuilder.users(p).stream()
        .collect(Collectors.toMap(u -> u.getMetadata().getName(), u -> u, (a, b) -> a, TreeMap::new));
    assertEquals(List.of("demo-kafka-producer", "demo-kafka-stream"), List.copyOf(users.keySet()));
    for (KafkaUser u : users.values()) {
      assertEquals(KafkaBuilder.USER_API_VERSION, u.getApiVersion());
      assertEquals("demo-kafka", u.getMetadata().getLabels().get(KafkaBuilder.CLUSTER_LABEL),
          "Strimzi's cluster label");
      BuilderAssertions.assertOwnedAndLabelled(p, u);
      assertTrue(u.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication);
    }
    assertEquals(grants(KafkaAccess.producer("ec_web_logs_stream")), grants(users.get("demo-kafka-producer")));
    assertEquals(grants(KafkaAccess.stream("ec_web_logs_stream")), grants(users.get("demo-kafka-stream")));
    assertEquals(List.of("topic ec_web_logs_stream literal [Write, Describe]"),
        grants(users.get("demo-kafka-producer")),
        "the producer may not read, create or touch the cluster");
    assertEquals(List.of("topic ec_web_logs_stream literal [Read, Describe]", "group weblog-stream prefix [Read]"),
        grants(users.get("demo-kafka-stream")), "the stream may not write");
  }

  @Test
  void theRealtimeJobHasItsOwnUserAndSecretsOnlyWhileEnabled() {
    WebLogPipeline rt = Pipelines.minimal();
    rt.getSpec().getRealtime().setEnabled(true);
    rt.getSpec().getRealtime().getExecutor().setCores(3);
    KafkaUser user = KafkaBuilder.users(rt).stream()
        .filter(u -> u.getMetadata().getName().equals("demo-kafka-realtime")).findFirst().orElseThrow();
    assertEquals(grants(KafkaAccess.realtime("ec_web_logs_stream", JobContract.DEFAULT_PREDICTIONS_TOPIC,
        JobContract.DEFAULT_QUARANTINE_TOPIC)), grants(user));
    assertEquals(2, KafkaBuilder.users(p).size(), "no real-time user while it is off");
    SparkApp app = SparkAppBuilder.build(rt, SparkStage.realtime(), 1);
    assertEquals(Map.of("demo-kafka-realtime-volume", "demo-kafka-realtime", "demo-kafka-cluster-ca-cert-volume",
        "demo-kafka-cluster-ca-cert"), secretVolumes(app.driver().getSpec().getVolumes()));
    List<String> args = JobArgs.of(rt, SparkStage.realtime());
    assertEquals(KafkaClientSecurity.tlsScramMounted(), kafkaProperties(args));
    assertTrue(String.join(" ", args).contains(JobContract.OPT_PREDICTIONS_TOPIC + " "
        + JobContract.DEFAULT_PREDICTIONS_TOPIC + " " + JobContract.OPT_QUARANTINE_TOPIC + " "
        + JobContract.DEFAULT_QUARANTINE_TOPIC), args.toString());
    assertTrue(String.join(" ", args).contains(JobContract.OPT_CHECKPOINT_INTERVAL + " 1 minute "
        + JobContract.OPT_MODEL_REFRESH + " 60"), args.toString());
  }

  @Test
  void theProducerMountsOnlyItsOwnUsersSecretAndTheCaAndNamesTheFilesInItsArguments() {
    PodSpec pod = ProducerBuilder.deployment(p).getSpec().getTemplate().getSpec();
    assertEquals(Map.of(KafkaCredentials.USER_VOLUME, "demo-kafka-producer", KafkaCredentials.CA_VOLUME,
        "demo-kafka-cluster-ca-cert"), secretVolumes(pod.getVolumes()));
    Container c = pod.getContainers().get(0);
    assertEquals(Map.of(KafkaClientSecurity.USER_DIR, true, KafkaClientSecurity.CA_DIR, true),
        c.getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getReadOnly)));
    assertEquals(KafkaClientSecurity.tlsScramMounted(), kafkaProperties(c.getArgs()));
    assertTrue(c.getEnv().isEmpty(), "nothing of the Secret becomes an environment variable");
  }

  @Test
  void onlyTheStreamingApplicationGetsKafkaSecretsForItsDriverAndExecutors() {
    SparkApp stream = SparkAppBuilder.build(p, SparkStage.stream(), 1);
    assertEquals(Map.of("demo-kafka-stream-volume", "demo-kafka-stream", "demo-kafka-cluster-ca-cert-volume",
        "demo-kafka-cluster-ca-cert"), secretVolumes(stream.driver().getSpec().getVolumes()));
    String conf = String.join("\n", stream.sparkConf().getData().values());
    for (String role : List.of("driver", "executor")) {
      assertTrue(
          conf.contains("spark.kubernetes." + role + ".secrets.demo-kafka-stream=" + KafkaClientSecurity.USER_DIR),
          conf);
      assertTrue(conf.contains("spark.kubernetes." + role + ".secrets.demo-kafka-cluster-ca-cert="
          + KafkaClientSecurity.CA_DIR), conf);
    }
    assertEquals(KafkaClientSecurity.tlsScramMounted(), kafkaProperties(JobArgs.of(p, SparkStage.stream())));
    for (SparkStage batch : List.of(SparkStage.ingest(), SparkStage.train(Target.GENDER))) {
      SparkApp app = SparkAppBuilder.build(p, batch, 1);
      assertEquals(Map.of(), secretVolumes(app.driver().getSpec().getVolumes()), batch.id() + " reads no Kafka");
      assertFalse(String.join("\n", app.sparkConf().getData().values()).contains(".secrets."), batch.id());
    }
  }

  @Test
  void plainTurnsItAllOff() {
    WebLogPipeline plain = Pipelines.plainKafka();
    GenericKafkaListener listener = KafkaBuilder.kafka(plain).getSpec().getKafka().getListeners().get(0);
    assertEquals(Endpoints.KAFKA_PLAIN_PORT, listener.getPort());
    assertFalse(listener.isTls());
    assertNull(listener.getAuth());
    assertNull(KafkaBuilder.kafka(plain).getSpec().getKafka().getAuthorization());
    assertNull(KafkaBuilder.kafka(plain).getSpec().getEntityOperator().getUserOperator());
    assertEquals(List.of(), KafkaBuilder.users(plain));
    assertEquals(Map.of(), secretVolumes(ProducerBuilder.deployment(plain).getSpec().getTemplate().getSpec()
        .getVolumes()));
    assertFalse(ProducerBuilder.args(plain).contains(JobContract.OPT_KAFKA_PROPERTY));
    assertFalse(JobArgs.of(plain, SparkStage.stream()).contains(JobContract.OPT_KAFKA_PROPERTY));
    assertEquals(Map.of(), secretVolumes(SparkAppBuilder.build(plain, SparkStage.stream(), 1).driver().getSpec()
        .getVolumes()));
  }

  @Test
  void anExternalKafkaIsReachedWithTheSecretsTheSpecNames() {
    WebLogPipeline ext = Pipelines.external();
    assertEquals(List.of(), KafkaBuilder.build(ext));
    assertEquals(Map.of(KafkaCredentials.USER_VOLUME, "weblog-kafka-user", KafkaCredentials.CA_VOLUME,
        "kafka-cluster-ca-cert"),
        secretVolumes(ProducerBuilder.deployment(ext).getSpec().getTemplate().getSpec()
            .getVolumes()));
    assertEquals(Map.of("weblog-kafka-user-volume", "weblog-kafka-user", "kafka-cluster-ca-cert-volume",
        "kafka-cluster-ca-cert"),
        secretVolumes(SparkAppBuilder.build(ext, SparkStage.stream(), 1).driver().getSpec()
            .getVolumes()));
    assertEquals(KafkaClientSecurity.tlsScramMounted(), kafkaProperties(ProducerBuilder.args(ext)));
  }

  @Test
  void longPipelineNamesStillGiveSecretNamesSparkCanMount() {
    WebLogPipeline longName = Pipelines.minimal("a".repeat(60));
    for (KafkaClient client : KafkaClient.values()) {
      String secret = KafkaCredentials.userSecret(longName, client);
      assertTrue((secret + "-volume").length() <= Names.MAX_LABEL, secret);
    }
  }

  private static List<String> grants(KafkaUser user) {
    return ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls().stream()
        .map(KafkaSecurityBuildersTest::describe).toList();
  }

  private static String describe(AclRule rule) {
    assertEquals(AclRuleType.ALLOW, rule.getType());
    String operations = rule.getOperations().stream().map(o -> o.toValue()).toList().toString();
    if (rule.getResource() instanceof AclRuleTopicResource t) {
      return "topic " + t.getName() + " " + pattern(t.getPatternType()) + " " + operations;
    }
    AclRuleGroupResource g = (AclRuleGroupResource) rule.getResource();
    return "group " + g.getName() + " " + pattern(g.getPatternType()) + " " + operations;
  }

  private static String pattern(AclResourcePatternType type) {
    return type == AclResourcePatternType.PREFIX ? "prefix" : "literal";
  }

  private static List<String> grants(List<KafkaAccess.Grant> grants) {
    return grants.stream().map(g -> g.type().name().toLowerCase(java.util.Locale.ROOT) + " " + g.name() + " "
        + (g.prefix() ? "prefix" : "literal") + " " + g.operations()).toList();
  }

  private static Map<String, String> secretVolumes(List<Volume> volumes) {
    return volumes.stream().filter(v -> v.getSecret() != null)
        .collect(Collectors.toMap(Volume::getName, v -> v.getSecret().getSecretName()));
  }

  /** The {@code --kafka-property KEY=VALUE} pairs of an argument list. */
  static Map<String, String> kafkaProperties(List<String> args) {
    Map<String, String> properties = new java.util.LinkedHashMap<>();
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.get(i).equals(JobContract.OPT_KAFKA_PROPERTY)) {
        String pair = args.get(i + 1);
        properties.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    return properties;
  }
}
