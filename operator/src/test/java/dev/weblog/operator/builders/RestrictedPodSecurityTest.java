package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.strimzi.api.kafka.model.common.template.ContainerTemplate;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityOperatorTemplate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

  @TempDir
  static Path tmp;
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
        "container root: adds capability SYS_ADMIN", "container root: hostPort 80",
        "container bare: no securityContext")) {
      assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), expected + " not in " + violations);
    }
    assertEquals(12, violations.size(), violations.toString());
  }

  /** Every pod spec the operator makes for a pipeline, by where it lives. */
  static Map<String, PodSpec> pods(WebLogPipeline p) throws IOException {
    Map<String, PodSpec> pods = new LinkedHashMap<>();
    EmittedPods.of(p, tmp, offline).forEach((where, pod) -> pods.put(where, pod.getSpec()));
    return pods;
  }

  private static List<String> template(String where, ContainerTemplate t, boolean podNonRoot, boolean podSeccomp) {
    return RestrictedProfile.container(where, t == null ? null : t.getSecurityContext(), podNonRoot, podSeccomp);
  }
}
