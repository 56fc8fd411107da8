package dev.weblog.operator.builders;

import dev.weblog.operator.api.Placement;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpecFluent;
import io.strimzi.api.kafka.model.common.template.PodTemplate;
import io.strimzi.api.kafka.model.common.template.PodTemplateBuilder;
import java.util.List;
import java.util.Map;

/**
 * A component's {@link Placement} put on a pod: the one way every builder does it, so every pod of the pipeline
 * reads its placement alike. An empty placement leaves the pod exactly as it was.
 */
public final class Placements {

  private Placements() {}

  /**
   * The node selector and tolerations are added to what the pod has (Spark's own node selector properties stay);
   * the affinity and the priority class are set.
   */
  public static <T extends PodSpecFluent<T>> T apply(Placement placement, T pod) {
    if (!placement.getNodeSelector().isEmpty()) {
      pod.addToNodeSelector(placement.getNodeSelector());
    }
    if (!placement.getTolerations().isEmpty()) {
      pod.addAllToTolerations(placement.getTolerations());
    }
    if (placement.getAffinity() != null) {
      pod.withAffinity(placement.getAffinity());
    }
    if (placement.getPriorityClassName() != null) {
      pod.withPriorityClassName(placement.getPriorityClassName());
    }
    return pod;
  }

  /**
   * Strimzi's pod template ({@code template} may be null): the same fields, except that Strimzi's template has no
   * node selector, so its labels become a required node affinity. Null when both are empty, so Strimzi's defaults
   * stay untouched.
   */
  public static PodTemplate strimzi(Placement placement, PodTemplate template) {
    if (placement.isEmpty()) {
      return template;
    }
    PodTemplateBuilder out = template == null ? new PodTemplateBuilder() : new PodTemplateBuilder(template);
    if (placement.getAffinity() != null || !placement.getNodeSelector().isEmpty()) {
      out.withAffinity(requiringLabels(placement.getAffinity(), placement.getNodeSelector()));
    }
    if (!placement.getTolerations().isEmpty()) {
      out.withTolerations(placement.getTolerations());
    }
    if (placement.getPriorityClassName() != null) {
      out.withPriorityClassName(placement.getPriorityClassName());
    }
    return out.build();
  }

  /**
   * A node selector as a required node affinity: one {@code In} requirement per label, added to every term of
   * {@code affinity}'s own required terms (terms are alternatives, so each must also ask for the labels), or one
   * term of them alone.
   */
  static Affinity requiringLabels(Affinity affinity, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return affinity;
    }
    List<NodeSelectorRequirement> required = labels.entrySet().stream().map(e -> new NodeSelectorRequirementBuilder()
        .withKey(e.getKey()).withOperator("In").withValues(e.getValue()).build()).toList();
    AffinityBuilder out = affinity == null ? new AffinityBuilder() : new AffinityBuilder(affinity);
    List<NodeSelectorTerm> terms = affinity == null || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null ? List.of()
            : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    List<NodeSelectorTerm> withLabels = terms.isEmpty()
        ? List.of(new NodeSelectorTermBuilder().withMatchExpressions(required).build())
        : terms.stream().map(t -> new NodeSelectorTermBuilder(t).addAllToMatchExpressions(required).build()).toList();
    return out.editOrNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(withLabels)
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .build();
  }
}
