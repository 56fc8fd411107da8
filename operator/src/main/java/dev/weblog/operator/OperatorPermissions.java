package dev.weblog.operator;

import java.util.List;
import java.util.Set;

/**
 * Every (API group, resource, verbs) the operator uses: the one table the Helm chart's RBAC is generated from or
 * checked against, and that a test holds the operator's real requests to. Pods, Services, ConfigMaps and claims
 * carry every verb the Spark drivers' Role grants, because Kubernetes lets the operator grant only what it holds.
 * Reading a crashed container's log and a pending claim's Events is how a waiting condition says why. Reading a
 * PriorityClass (cluster-scoped) is how a placement naming a missing one is refused before any pod is made.
 */
public final class OperatorPermissions {

  /** One RBAC rule. */
  public record Rule(String apiGroup, String resource, Set<String> verbs) {}

  private static final Set<String> READ = Set.of("get", "list", "watch");
  private static final Set<String> MANAGE = Set.of("get", "list", "watch", "create", "update", "patch", "delete");
  private static final Set<String> SPARK_DRIVER = Set.of("get", "list", "watch", "create", "update", "patch",
      "delete", "deletecollection");

  public static final List<Rule> RULES = List.of(
      new Rule("weblog.dev", "weblogpipelines", Set.of("get", "list", "watch", "update", "patch")),
      new Rule("weblog.dev", "weblogpipelines/status", Set.of("get", "update", "patch")),
      new Rule("weblog.dev", "weblogpipelines/finalizers", Set.of("update")),
      new Rule("", "pods", SPARK_DRIVER),
      new Rule("", "pods/log", Set.of("get")),
      new Rule("", "services", SPARK_DRIVER),
      new Rule("", "configmaps", SPARK_DRIVER),
      new Rule("", "persistentvolumeclaims", SPARK_DRIVER),
      new Rule("", "serviceaccounts", MANAGE),
      new Rule("", "events", Set.of("create", "patch", "list")),
      new Rule("apps", "statefulsets", MANAGE),
      new Rule("apps", "deployments", MANAGE),
      new Rule("batch", "jobs", MANAGE),
      new Rule("networking.k8s.io", "networkpolicies", MANAGE),
      new Rule("policy", "poddisruptionbudgets", MANAGE),
      new Rule("scheduling.k8s.io", "priorityclasses", Set.of("get")),
      new Rule("rbac.authorization.k8s.io", "roles", MANAGE),
      new Rule("rbac.authorization.k8s.io", "rolebindings", MANAGE),
      new Rule("kafka.strimzi.io", "kafkas", MANAGE),
      new Rule("kafka.strimzi.io", "kafkanodepools", MANAGE),
      new Rule("kafka.strimzi.io", "kafkatopics", MANAGE),
      new Rule("kafka.strimzi.io", "kafkausers", MANAGE),
      new Rule("coordination.k8s.io", "leases", Set.of("get", "create", "update", "patch")),
      new Rule("apiextensions.k8s.io", "customresourcedefinitions", READ));

  private OperatorPermissions() {}

  public static boolean allows(String apiGroup, String resource, String verb) {
    return RULES.stream().anyMatch(r -> r.apiGroup().equals(apiGroup) && r.resource().equals(resource)
        && r.verbs().contains(verb));
  }
}
