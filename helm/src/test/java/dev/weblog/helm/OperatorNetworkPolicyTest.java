package dev.weblog.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.RenderedChart;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The chart's optional NetworkPolicy: the operator's HTTP port only, to its own or the selected namespaces. */
class OperatorNetworkPolicyTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  private static final Map<String, String> ON = Map.of("networkPolicy.enabled", "true");

  @TempDir
  Path tmp;

  @Test
  void noneUnlessAsked() {
    assertTrue(RenderedChart.render(tmp, Map.of()).ofKind("NetworkPolicy").isEmpty());
  }

  @Test
  void byDefaultOnlyTheReleaseNamespaceReachesTheOperatorsHttpPort() {
    RenderedChart chart = RenderedChart.render(tmp, ON);
    NetworkPolicy policy = policy(chart);
    Deployment operator = chart.ofKind("Deployment", Deployment.class).get(0);
    assertEquals(operator.getSpec().getSelector().getMatchLabels(), policy.getSpec().getPodSelector().getMatchLabels(),
        "selects the operator's pods");
    assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
    assertEquals(1, policy.getSpec().getIngress().size());
    NetworkPolicyPeer from = policy.getSpec().getIngress().get(0).getFrom().get(0);
    assertNull(from.getNamespaceSelector(), "no namespaceSelector: the policy's own namespace");
    assertEquals(Map.of(), from.getPodSelector().getMatchLabels() == null ? Map.of()
        : from.getPodSelector().getMatchLabels(), "every pod of it");
    NetworkPolicyPort port = policy.getSpec().getIngress().get(0).getPorts().get(0);
    List<String> named = operator.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
        .map(ContainerPort::getName).toList();
    assertEquals(List.of(port.getPort().getStrVal()), named, "the one port the operator serves");
  }

  @Test
  void aNamespaceSelectorReplacesTheReleaseNamespace() {
    NetworkPolicy policy = policy(RenderedChart.render(tmp, Map.of("networkPolicy.enabled", "true",
        "networkPolicy.metricsNamespaceSelector.matchLabels.team", "monitoring")));
    List<NetworkPolicyPeer> from = policy.getSpec().getIngress().get(0).getFrom();
    assertEquals(1, from.size());
    assertEquals(Map.of("team", "monitoring"), from.get(0).getNamespaceSelector().getMatchLabels());
    assertNull(from.get(0).getPodSelector(), "every pod of those namespaces");
  }

  @Test
  void theSchemaRefusesAnythingButALabelSelector() {
    assertThrows(IllegalStateException.class, () -> RenderedChart.render(tmp, Map.of("networkPolicy.enabled", "true",
        "networkPolicy.metricsNamespaceSelector.namespace", "monitoring")));
  }

  @Test
  void theApiServerTakesIt() {
    NetworkPolicy policy = policy(RenderedChart.render(tmp, Map.of("networkPolicy.enabled", "true",
        "networkPolicy.metricsNamespaceSelector.matchLabels.team", "monitoring")));
    policy.getMetadata().setNamespace(KUBE.namespace());
    NetworkPolicy stored = KUBE.client().resource(policy).create();
    assertEquals(policy.getSpec(), stored.getSpec());
  }

  private static NetworkPolicy policy(RenderedChart chart) {
    List<NetworkPolicy> policies = chart.ofKind("NetworkPolicy", NetworkPolicy.class);
    assertEquals(1, policies.size());
    return policies.get(0);
  }
}
