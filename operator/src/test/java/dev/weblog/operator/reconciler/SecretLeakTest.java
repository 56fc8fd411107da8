package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.KafkaClientSecurity;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.KafkaClient;
import dev.weblog.operator.builders.KafkaCredentials;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.ChartRbac;
import dev.weblog.operator.support.PipelineObjects;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Secrets Strimzi writes for the clients' KafkaUsers and its cluster CA exist with known values while a secured
 * pipeline goes to Ready, changes its spec and restarts its stream; then none of those values appears in the
 * pipeline's status, in any Event, in any object the operator made (pod specs, arguments, environment values,
 * ConfigMaps, Strimzi objects), or in anything the operator logged. The operator never even asks for a Secret:
 * it runs with the Helm chart's RBAC on a real API server, which grants no access to Secrets, so any request for
 * one would have failed the reconcile with 403.
 */
class SecretLeakTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final String AGENT = "weblog-operator-secret-leak-test";

  KubernetesClient client;
  KubernetesClient operatorClient;
  Config operatorConfig;
  Harness h;
  StringWriter logs = new StringWriter();
  WriterAppender appender;

  @BeforeEach
  void setUp(@TempDir Path tmp) {
    client = KUBE.client();
    operatorConfig = ChartRbac.install(client, KUBE.adminConfig(), KUBE.namespace(), tmp);
    operatorClient = new KubernetesClientBuilder().withConfig(operatorConfig).build();
    h = new Harness(client, operatorClient, KUBE.namespace());
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender = WriterAppender.newBuilder().setName("secret-leak-test").setTarget(logs)
        .setLayout(PatternLayout.newBuilder().withPattern("%p %c %X %m%n%throwable").build()).build();
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    context.updateLoggers();
    // Whatever the operator would say even at its most talkative.
    Configurator.setLevel("dev.weblog", Level.TRACE);
  }

  @AfterEach
  void tearDown() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    Configurator.setLevel("dev.weblog", Level.INFO);
    context.updateLoggers();
    appender.stop();
    operatorClient.close();
  }

  @Test
  void noSecretValueReachesStatusEventsObjectsOrLogs() throws Exception {
    WebLogPipeline p = Pipelines.minimal("demo");
    Map<String, String> secrets = strimziSecrets(p);

    h.create(Pipelines.minimal("demo"));
    h.toReady("demo");
    h.update("demo", x -> x.getSpec().getProducer().setRate(25));
    h.reconcile("demo");
    h.update("demo", x -> x.getSpec().getStreaming().setTrigger("2 seconds"));
    h.reconcile("demo");
    h.reconcile("demo");
    WebLogPipeline ready = h.reconcile("demo");
    h.sim.podEnded(Harness.driver(ready, SparkStage.stream(), 2), h.ns, 1, "lost the executor");
    ready = h.reconcile("demo");

    Map<String, String> searched = new LinkedHashMap<>();
    searched.put("status of WebLogPipeline/demo", json(ready.getStatus()));
    searched.put("WebLogPipeline/demo", json(h.get("demo")));
    h.events().forEach(e -> searched.put("Event/" + e.getMetadata().getName(), json(e)));
    for (HasMetadata o : operatorObjects()) {
      searched.put(o.getKind() + "/" + o.getMetadata().getName(), json(o));
    }
    searched.put("operator log", logs.toString());

    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      for (Map.Entry<String, String> place : searched.entrySet()) {
        assertFalse(place.getValue().contains(secret.getValue()), secret.getKey() + " leaked into " + place.getKey());
      }
    }

    // The search looked where the secrets would be: the pods name the Secrets and the files, the log is real.
    String producer = searched.get("Deployment/demo-producer");
    assertTrue(producer.contains("\"secretName\":\"demo-kafka-producer\"") && producer.contains(
        KafkaClientSecurity.JAAS_KEY + "=${dir:" + KafkaClientSecurity.USER_DIR), producer);
    assertTrue(searched.keySet().stream().anyMatch(k -> k.startsWith("KafkaUser/")), searched.keySet().toString());
    assertTrue(searched.keySet().stream().filter(k -> k.startsWith("Event/")).count() >= 10,
        searched.keySet().toString());
    assertTrue(logs.toString().contains("DriverStarted") && logs.toString().contains("StreamRestarting"),
        "the operator's log was captured: " + logs.toString().lines().limit(5).toList());
    assertEquals(ConditionStatus.FALSE, Harness.condition(ready, "StreamingRunning").getStatus(),
        "the failure path ran too");

    for (String verb : List.of("get", "list", "watch")) {
      SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(
          new SubjectAccessReviewBuilder().withNewSpec().withUser(operatorConfig.getImpersonateUsername())
              .withGroups(operatorConfig.getImpersonateGroups()).withNewResourceAttributes()
              .withNamespace(h.ns).withResource("secrets").withVerb(verb).endResourceAttributes().endSpec().build());
      assertFalse(review.getStatus().getAllowed(), "the chart lets the operator " + verb + " Secrets");
    }
  }

  /** The Secrets Strimzi's User Operator and Cluster Operator would write for this pipeline, with known values. */
  private Map<String, String> strimziSecrets(WebLogPipeline p) {
    Map<String, String> values = new LinkedHashMap<>();
    for (KafkaClient c : KafkaClient.values()) {
      String user = KafkaCredentials.userSecret(p, c);
      String password = "pw-" + c.id() + "-" + UUID.randomUUID();
      values.put(c.id() + " password", password);
      values.put(c.id() + " JAAS line", KafkaClientSecurity.jaasConfig(user, password));
      secret(user, Map.of(KafkaClientSecurity.PASSWORD_KEY, password,
          KafkaClientSecurity.JAAS_KEY, KafkaClientSecurity.jaasConfig(user, password)));
    }
    String caBody = "MIIB" + UUID.randomUUID().toString().replace("-", "") + "CAcert";
    values.put("CA certificate", caBody);
    secret(KafkaCredentials.caSecret(p), Map.of(KafkaClientSecurity.CA_KEY,
        "-----BEGIN CERTIFICATE-----\n" + caBody + "\n-----END CERTIFICATE-----\n"));
    return values;
  }

  private void secret(String name, Map<String, String> data) {
    Secret s = new SecretBuilder().withNewMetadata().withName(name).withNamespace(h.ns).endMetadata()
        .withStringData(data).build();
    client.resource(s).create();
  }

  /** Everything in the namespace but Secrets and Events (checked apart), the pipeline's children and Strimzi's. */
  private List<HasMetadata> operatorObjects() {
    List<HasMetadata> all = PipelineObjects.in(client, h.ns);
    assertTrue(all.size() > 20, "the operator made its objects: " + all.size());
    return all;
  }

  private String json(Object o) {
    return client.getKubernetesSerialization().asJson(o);
  }
}
