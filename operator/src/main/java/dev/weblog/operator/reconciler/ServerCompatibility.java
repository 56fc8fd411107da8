package dev.weblog.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.List;

/**
 * What the builders emit, minus the fields an older API server's schema lacks. A create or update would drop such
 * a field silently; server-side apply refuses the whole object ("field not declared in schema"). Only fields whose
 * absence the project covers otherwise are removed (see the README's "Kubernetes on this machine").
 */
public final class ServerCompatibility {

  /** StatefulSet PVC retention policy: in the schema from 1.23 (alpha), enabled by default from 1.27. */
  public static final int PVC_RETENTION_POLICY_SINCE = 23;
  /** Service ipFamilies/ipFamilyPolicy (Spark sets them on the driver Service): alpha before 1.21, dropped. */
  public static final int DUAL_STACK_SINCE = 21;
  /** PodDisruptionBudget in policy/v1 from 1.21; policy/v1beta1, the same fields, before (and until 1.25). */
  public static final int DISRUPTION_BUDGET_V1_SINCE = 21;

  private ServerCompatibility() {}

  /**
   * {@code desired} as {@code serverMinor}'s schema takes it. A policy/v1 PodDisruptionBudget comes back as a
   * policy/v1beta1 one (another class) on servers before 1.21: pass budgets as {@link HasMetadata}.
   */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> T forServer(T desired, int serverMinor) {
    if (desired instanceof PodDisruptionBudget b && serverMinor < DISRUPTION_BUDGET_V1_SINCE) {
      return (T) new io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder()
          .withMetadata(b.getMetadata())
          .withNewSpec()
          .withMaxUnavailable(b.getSpec().getMaxUnavailable())
          .withMinAvailable(b.getSpec().getMinAvailable())
          .withSelector(b.getSpec().getSelector())
          .endSpec()
          .build();
    }
    if (desired instanceof StatefulSet s && serverMinor < PVC_RETENTION_POLICY_SINCE
        && s.getSpec().getPersistentVolumeClaimRetentionPolicy() != null) {
      return (T) new StatefulSetBuilder(s).editSpec().withPersistentVolumeClaimRetentionPolicy(null).endSpec().build();
    }
    if (desired instanceof Service s && serverMinor < DUAL_STACK_SINCE
        && (s.getSpec().getIpFamilies() != null || s.getSpec().getIpFamilyPolicy() != null)) {
      return (T) new ServiceBuilder(s).editSpec().withIpFamilies((List<String>) null).withIpFamilyPolicy(null)
          .endSpec().build();
    }
    return desired;
  }

  /** "20", "20+" or "27-gke.1" → the number; an unreadable version counts as current. */
  public static int minor(VersionInfo version) {
    String digits = version == null || version.getMinor() == null ? "" : version.getMinor().replaceAll("\\D.*", "");
    return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }
}
