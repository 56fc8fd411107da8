package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes one component's pods may run on, in the pod spec's own words; empty leaves the pods as they were.
 * The Kubernetes types are used as they are, so a user writes what they would write in a pod.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Placement {

  @JsonPropertyDescription("Labels a node must carry to run these pods (the pod's nodeSelector)")
  private Map<String, String> nodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Taints these pods tolerate (the pod's tolerations)")
  private List<Toleration> tolerations = new ArrayList<>();

  @JsonPropertyDescription("Node affinity and pod (anti-)affinity of these pods (the pod's affinity)")
  private Affinity affinity;

  @JsonPropertyDescription("PriorityClass of these pods; it must exist in the cluster, or the operator creates none "
      + "of the pipeline's pods and says so (Ready False, reason UnknownPriorityClass)")
  @Pattern(Patterns.DNS_SUBDOMAIN)
  private String priorityClassName;

  /** True when it asks nothing, so the pods stay exactly as without it. */
  @JsonIgnore
  public boolean isEmpty() {
    return nodeSelector.isEmpty() && tolerations.isEmpty() && affinity == null && priorityClassName == null;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector == null ? new LinkedHashMap<>() : nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations == null ? new ArrayList<>() : tolerations;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }
}
