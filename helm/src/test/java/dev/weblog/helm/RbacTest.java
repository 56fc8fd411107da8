package dev.weblog.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.OperatorPermissions;
import dev.weblog.operator.support.RenderedChart;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart grants exactly what the operator's code uses (OperatorPermissions), and no more. */
class RbacTest {

  @TempDir
  Path tmp;

  @Test
  void defaultGrantsExactlyTheOperatorsPermissionsInTheReleaseNamespace() {
    RenderedChart chart = RenderedChart.render(tmp, Map.of());
    List<Role> roles = chart.ofKind("Role", Role.class);
    assertTrue(roles.stream().allMatch(r -> r.getMetadata().getNamespace().equals(RenderedChart.NAMESPACE)));
    List<ClusterRole> clusterRoles = chart.ofKind("ClusterRole", ClusterRole.class);
    assertEquals(List.of("weblog-weblog-operator-crd-reader"),
        clusterRoles.stream().map(r -> r.getMetadata().getName()).toList(), "only the CRD reader is cluster-wide");
    assertEquals(expected(), granted(roles, clusterRoles));
  }

  @Test
  void watchingAllNamespacesMovesTheRulesToAClusterRole() {
    RenderedChart chart = RenderedChart.render(tmp, Map.of("watchNamespaces[0]", "*"));
    List<Role> roles = chart.ofKind("Role", Role.class);
    assertEquals(List.of("weblog-weblog-operator-leader-election"),
        roles.stream().map(r -> r.getMetadata().getName()).toList());
    assertEquals(2, chart.ofKind("ClusterRoleBinding").size());
    assertEquals(expected(), granted(roles, chart.ofKind("ClusterRole", ClusterRole.class)));
  }

  @Test
  void eachWatchedNamespaceGetsItsOwnRole() {
    RenderedChart chart = RenderedChart.render(tmp, Map.of("watchNamespaces[0]", "team-a",
        "watchNamespaces[1]", "team-b"));
    List<String> namespaces = chart.ofKind("Role", Role.class).stream()
        .filter(r -> !r.getMetadata().getName().endsWith("leader-election"))
        .map(r -> r.getMetadata().getNamespace()).sorted().toList();
    assertEquals(List.of("team-a", "team-b"), namespaces);
    assertEquals(3, chart.ofKind("RoleBinding").size());
  }

  private static Set<String> expected() {
    Set<String> triples = new TreeSet<>();
    for (OperatorPermissions.Rule rule : OperatorPermissions.RULES) {
      rule.verbs().forEach(v -> triples.add(rule.apiGroup() + "/" + rule.resource() + ":" + v));
    }
    return triples;
  }

  /** Every (group, resource, verb) the rendered roles grant; the same rules repeated per namespace count once. */
  private static Set<String> granted(List<Role> roles, List<ClusterRole> clusterRoles) {
    Set<String> triples = new TreeSet<>();
    Stream.concat(roles.stream().flatMap(r -> r.getRules().stream()),
        clusterRoles.stream().flatMap(r -> r.getRules().stream())).forEach(rule -> add(triples, rule));
    return triples;
  }

  private static void add(Set<String> triples, PolicyRule rule) {
    for (String group : rule.getApiGroups()) {
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          triples.add(group + "/" + resource + ":" + verb);
        }
      }
    }
  }
}
