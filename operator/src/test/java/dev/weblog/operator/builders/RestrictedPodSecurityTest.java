package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.TrainingTarget;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.strimzi.api.kafka.model.common.template.ContainerTemplate;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityOperatorTemplate;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.KubernetesExecutorConf;
import org.apache.spark.resource.ResourceProfile$;
import org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scala.Option;

/**
 * Every pod the operator makes, and every pod template it hands to Spark or Strimzi, meets the Kubernetes
 * "restricted" Pod Security Standard: HDFS StatefulSets with their init containers, the history loader Job for each
 * source, the producer Deployment, each Spark driver pod, the executor pods Spark builds from our template (built
 * here by spark-kubernetes itself, as the driver would), and the Strimzi container and pod templates we set.
 *
 * <p>Exceptions: none. {@link #EXCEPTIONS} is where one would be listed, keyed by the violation's text, with the
 * reason; the test fails on any violation not listed there. Not covered: the pod-level security context of
 * Strimzi's broker pods is Strimzi's own (it sets the fsGroup the broker volumes need; our container template
 * makes the broker container restricted); a cluster that enforces "restricted" on the Strimzi operator's own pods
 * should run Strimzi with {@code STRIMZI_POD_SECURITY_PROVIDER_CLASS=restricted}.
 */
class RestrictedPodSecurityTest {

  /** Violations accepted on purpose, each with its reason. */
  static final Map<String, String> EXCEPTIONS = Map.of();

  @TempDir static Path tmp;
  static KubernetesClient offline;

  @BeforeAll
  static void offlineClient() {
    // spark-kubernetes reads the executor template through a client; loading a file needs no server.
    offline = new KubernetesClientBuilder().build();
  }

  @AfterAll
  static void close() {
    offline.close();
  }

  static Stream<WebLogPipeline> pipelines() {
    return Stream.of(Pipelines.minimal(), Pipelines.full(), Pipelines.external(), Pipelines.plainKafka());
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void everyPodTheOperatorBuildsMeetsTheRestrictedProfile(WebLogPipeline p) throws IOException {
    Map<String, PodSpec> pods = pods(p);
    List<String> violations = new ArrayList<>();
    pods.forEach((where, pod) -> violations.addAll(RestrictedProfile.violations(where, pod)));
    violations.removeIf(EXCEPTIONS::containsKey);
    assertEquals(List.of(), violations, "pods checked: " + pods.keySet());
    int stages = 2 + p.getSpec().getTraining().getTargets().size();
    int expected = (p.getSpec().getHdfs().isManaged() ? 2 : 0) + 1 + 2 * stages
        + (p.getSpec().getProducer().isEnabled() ? 1 : 0);
    assertEquals(expected, pods.size(), "every kind of pod was found: " + pods.keySet());
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void theStrimziTemplatesWeSetAreRestricted(WebLogPipeline p) {
    List<String> violations = new ArrayList<>();
    for (HasMetadata o : KafkaBuilder.build(p)) {
      if (o instanceof io.strimzi.api.kafka.model.nodepool.KafkaNodePool pool) {
        violations.addAll(template("KafkaNodePool/" + pool.getMetadata().getName() + " kafka",
            pool.getSpec().getTemplate().getKafkaContainer(), false, false));
      }
      if (o instanceof Kafka kafka) {
        EntityOperatorTemplate t = kafka.getSpec().getEntityOperator().getTemplate();
        var pod = t.getPod().getSecurityContext();
        boolean nonRoot = Boolean.TRUE.equals(pod.getRunAsNonRoot());
        boolean seccomp = pod.getSeccompProfile() != null;
        assertTrue(nonRoot && seccomp, "entity operator pod template: " + pod);
        violations.addAll(template("entity operator topic-operator", t.getTopicOperatorContainer(), true, true));
        if (kafka.getSpec().getEntityOperator().getUserOperator() != null) {
          violations.addAll(template("entity operator user-operator", t.getUserOperatorContainer(), true, true));
        }
      }
    }
    violations.removeIf(EXCEPTIONS::containsKey);
    assertEquals(List.of(), violations);
  }

  @Test
  void theCheckFindsEveryKindOfViolation() {
    PodSpec bad = new PodBuilder().withNewSpec()
        .withHostNetwork(true).withHostPID(true)
        .addNewVolume().withName("host").withNewHostPath().withPath("/var/run").endHostPath().endVolume()
        .addNewContainer().withName("root").withSecurityContext(new SecurityContextBuilder().withPrivileged(true)
            .withRunAsUser(0L).withNewCapabilities().withAdd("SYS_ADMIN").endCapabilities()
            .withNewSeccompProfile().withType("Unconfined").endSeccompProfile().build())
            .addNewPort().withContainerPort(80).withHostPort(80).endPort().endContainer()
        .addNewInitContainer().withName("bare").endInitContainer()
        .endSpec().build().getSpec();
    List<String> violations = RestrictedProfile.violations("Pod/bad", bad);
    for (String expected : List.of("hostNetwork", "hostPID", "volume host is of type hostPath",
        "container root: privileged", "container root: allowPrivilegeEscalation is not false",
        "container root: runAsNonRoot is not true", "container root: runAsUser 0",
        "container root: seccompProfile Unconfined", "container root: capabilities do not drop ALL",
        "container root: adds capability SYS_ADMIN", "container root: hostPort 80", "container bare: no securityContext")) {
      assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), expected + " not in " + violations);
    }
    assertEquals(12, violations.size(), violations.toString());
  }

  /** Every pod spec the operator makes for a pipeline, by where it lives. */
  static Map<String, PodSpec> pods(WebLogPipeline p) throws IOException {
    Map<String, PodSpec> pods = new LinkedHashMap<>();
    for (HasMetadata o : HdfsBuilder.build(p)) {
      if (o instanceof StatefulSet s) {
        pods.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate().getSpec());
      }
    }
    var job = HistoryLoaderBuilder.job(p, 1);
    pods.put("Job/" + job.getMetadata().getName(), job.getSpec().getTemplate().getSpec());
    for (HasMetadata o : ProducerBuilder.build(p)) {
      Deployment d = (Deployment) o;
      pods.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec());
    }
    List<SparkStage> stages = new ArrayList<>(List.of(SparkStage.ingest(), SparkStage.stream()));
    for (TrainingTarget t : p.getSpec().getTraining().getTargets()) {
      stages.add(SparkStage.train(t.target()));
    }
    for (SparkStage stage : stages) {
      SparkApp app = SparkAppBuilder.build(p, stage, 1);
      pods.put("Pod/" + app.driver().getMetadata().getName(), app.driver().getSpec());
      Pod executor = executor(app);
      pods.put("executor of " + app.appId() + " (" + executor.getSpec().getVolumes().size() + " volumes)",
          executor.getSpec());
    }
    return pods;
  }

  /** The executor pod the driver would create: spark-kubernetes' own builder, on the driver's conf and template. */
  static Pod executor(SparkApp app) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(app.sparkConf().getData().values().stream()
        .filter(f -> f.contains("spark.app.id")).findFirst().orElseThrow()));
    SparkConf conf = new SparkConf(false);
    properties.forEach((k, v) -> conf.set((String) k, (String) v));
    Path template = Files.writeString(tmp.resolve(app.appId() + "-executor.yaml"),
        app.executorTemplate().getData().get(SparkAppBuilder.EXECUTOR_TEMPLATE_FILE));
    conf.set("spark.kubernetes.executor.podTemplateFile", template.toString());
    KubernetesExecutorConf executorConf = new KubernetesExecutorConf(conf, app.appId(), "1", Option.empty(), 0);
    SecurityManager security = new SecurityManager(conf, Option.empty(),
        org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE_EXECUTOR());
    var spec = new KubernetesExecutorBuilder().buildFromFeatures(executorConf, security, offline,
        ResourceProfile$.MODULE$.getOrCreateDefaultProfile(conf));
    return new PodBuilder(spec.pod().pod()).editSpec().withContainers(spec.pod().container()).endSpec().build();
  }

  private static List<String> template(String where, ContainerTemplate t, boolean podNonRoot, boolean podSeccomp) {
    return RestrictedProfile.container(where, t == null ? null : t.getSecurityContext(), podNonRoot, podSeccomp);
  }
}
