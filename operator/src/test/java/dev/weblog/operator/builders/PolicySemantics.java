package dev.weblog.operator.builders;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;

/**
 * What a NetworkPolicy admits, by the rules of the Kubernetes API (the parts our policies use): whether it selects
 * a pod, and whether a pod of some namespace may open a port of the pods it selects.
 */
final class PolicySemantics {

  /** A pod as a policy sees it: its namespace's labels and its own. */
  record Source(String namespace, Map<String, String> namespaceLabels, Map<String, String> labels) {}

  private PolicySemantics() {}

  static boolean selects(NetworkPolicy policy, String namespace, Map<String, String> podLabels) {
    return policy.getMetadata().getNamespace().equals(namespace)
        && matches(policy.getSpec().getPodSelector(), podLabels);
  }

  /** True when some ingress rule opens {@code port} to {@code from}. */
  static boolean admits(NetworkPolicy policy, Source from, int port) {
    return policy.getSpec().getIngress().stream().anyMatch(rule -> opens(rule, port)
        && (rule.getFrom().isEmpty() || rule.getFrom().stream().anyMatch(peer -> admits(policy, peer, from))));
  }

  private static boolean opens(NetworkPolicyIngressRule rule, int port) {
    return rule.getPorts().isEmpty() || rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port);
  }

  private static boolean admits(NetworkPolicy policy, NetworkPolicyPeer peer, Source from) {
    if (peer.getIpBlock() != null) {
      throw new AssertionError("ipBlock peers are not modelled");
    }
    // No namespaceSelector: the policy's own namespace. No podSelector: every pod of the selected namespaces.
    boolean namespace = peer.getNamespaceSelector() == null
        ? from.namespace().equals(policy.getMetadata().getNamespace())
        : matches(peer.getNamespaceSelector(), from.namespaceLabels());
    return namespace && (peer.getPodSelector() == null || matches(peer.getPodSelector(), from.labels()));
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> have = labels == null ? Map.of() : labels;
    boolean exact = selector.getMatchLabels() == null
        || selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
    return exact && (selector.getMatchExpressions() == null
        || selector.getMatchExpressions().stream().allMatch(r -> holds(r, have)));
  }

  private static boolean holds(LabelSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> throw new AssertionError("unknown selector operator " + r.getOperator());
    };
  }
}
