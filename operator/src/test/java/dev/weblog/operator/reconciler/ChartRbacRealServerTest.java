package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.ChartRbac;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's RBAC is enforced, not assumed: with one resource taken out of the chart's rules, the operator cannot
 * bring a pipeline to Ready and the API server says 403. (PipelineLifecycleTest shows the whole chart suffices.)
 */
class ChartRbacRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  @ParameterizedTest(name = "without {0}")
  @ValueSource(strings = {"statefulsets", "pods", "serviceaccounts", "roles", "jobs", "configmaps", "services",
      "kafkas", "kafkatopics", "kafkausers", "deployments", "networkpolicies"})
  void withoutOneRuleTheOperatorIsForbidden(String resource, @TempDir Path tmp) {
    KubernetesClient admin = KUBE.client();
    try (KubernetesClient operator = new KubernetesClientBuilder().withConfig(ChartRbac.install(admin,
        KUBE.adminConfig(), KUBE.namespace(), tmp, rules -> without(rules, resource))).build()) {
      Harness h = new Harness(admin, operator, KUBE.namespace());
      h.create(Pipelines.minimal("rbac"));
      KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> h.toReady("rbac"),
          "the operator got to Ready without " + resource);
      assertEquals(403, e.getCode(), e.getMessage());
      assertTrue(e.getMessage().contains(resource), e.getMessage());
    }
  }

  private static List<PolicyRule> without(List<PolicyRule> rules, String resource) {
    return rules.stream().map(r -> new PolicyRuleBuilder(r).withResources(r.getResources().stream()
        .filter(x -> !x.equals(resource)).toList()).build())
        .filter(r -> !r.getResources().isEmpty()).toList();
  }
}
