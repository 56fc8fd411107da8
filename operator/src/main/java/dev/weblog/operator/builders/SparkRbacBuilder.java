package dev.weblog.operator.builders;

import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;

/** What a Spark driver may do in the pipeline's namespace: manage its executors and their helpers. */
public final class SparkRbacBuilder {

  public static final String COMPONENT = "driver-rbac";
  static final List<String> VERBS = List.of("create", "get", "list", "watch", "patch", "update", "delete",
      "deletecollection");

  private SparkRbacBuilder() {}

  public static List<HasMetadata> build(WebLogPipeline p) {
    return List.of(serviceAccount(p), role(p), roleBinding(p));
  }

  public static ServiceAccount serviceAccount(WebLogPipeline p) {
    return new ServiceAccountBuilder()
        .withMetadata(ObjectMetas.of(p, Names.spark(p), SparkAppBuilder.APP, COMPONENT))
        // The driver talks to the API server with this account's token.
        .withAutomountServiceAccountToken(true)
        .build();
  }

  /** Executor pods, the driver's Service and ConfigMaps, and executor volumes (Spark's documented needs). */
  public static Role role(WebLogPipeline p) {
    PolicyRule rule = new PolicyRuleBuilder()
        .withApiGroups("")
        .withResources("pods", "services", "configmaps", "persistentvolumeclaims")
        .withVerbs(VERBS)
        .build();
    return new RoleBuilder()
        .withMetadata(ObjectMetas.of(p, Names.spark(p), SparkAppBuilder.APP, COMPONENT))
        .withRules(rule)
        .build();
  }

  public static RoleBinding roleBinding(WebLogPipeline p) {
    return new RoleBindingBuilder()
        .withMetadata(ObjectMetas.of(p, Names.spark(p), SparkAppBuilder.APP, COMPONENT))
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(Names.spark(p))
        .endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(Names.spark(p))
        .withNamespace(p.getMetadata().getNamespace()).endSubject()
        .build();
  }
}
