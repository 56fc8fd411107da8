package dev.weblog.operator.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The operator's identity exactly as the Helm chart makes it: the chart rendered by the real Helm engine for a
 * release in {@code namespace}, its ServiceAccount and RBAC objects created on the server, and a client
 * configuration that impersonates that ServiceAccount, so every call the chart does not allow fails with 403.
 */
public final class ChartRbac {

  private ChartRbac() {}

  /** Installs the chart's identity; returns the configuration of a client acting as the operator. */
  public static Config install(KubernetesClient admin, Config adminConfig, String namespace, Path tmp) {
    return install(admin, adminConfig, namespace, tmp, rules -> rules);
  }

  /** As {@link #install}, with the rules of every rendered Role and ClusterRole passed through {@code edit}. */
  public static Config install(KubernetesClient admin, Config adminConfig, String namespace, Path tmp,
      UnaryOperator<List<PolicyRule>> edit) {
    // The release is named after the namespace: cluster-scoped objects (the CRD reader) must not collide.
    RenderedChart chart = RenderedChart.render(tmp, "wl-" + namespace, namespace, Map.of());
    List<HasMetadata> objects = new ArrayList<>();
    List<ServiceAccount> accounts = chart.ofKind("ServiceAccount", ServiceAccount.class);
    objects.addAll(accounts);
    for (Role r : chart.ofKind("Role", Role.class)) {
      r.setRules(edit.apply(new ArrayList<>(r.getRules())));
      objects.add(r);
    }
    for (ClusterRole r : chart.ofKind("ClusterRole", ClusterRole.class)) {
      r.setRules(edit.apply(new ArrayList<>(r.getRules())));
      objects.add(r);
    }
    objects.addAll(chart.ofKind("RoleBinding", RoleBinding.class));
    objects.addAll(chart.ofKind("ClusterRoleBinding", ClusterRoleBinding.class));
    for (HasMetadata o : objects) {
      if (!(o instanceof ClusterRole) && !(o instanceof ClusterRoleBinding)) {
        o.getMetadata().setNamespace(namespace);
      }
      admin.resource(o).create();
    }
    if (accounts.size() != 1) {
      throw new AssertionError("the chart renders " + accounts.size() + " ServiceAccounts, expected one");
    }
    String account = accounts.get(0).getMetadata().getName();
    return new ConfigBuilder(adminConfig)
        .withImpersonateUsername("system:serviceaccount:" + namespace + ":" + account)
        .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace,
            "system:authenticated")
        .build();
  }
}
