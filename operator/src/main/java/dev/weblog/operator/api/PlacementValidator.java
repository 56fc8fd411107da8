package dev.weblog.operator.api;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules the API server applies to a pod's scheduling fields, which no CRD can state, for one component's
 * {@link Placement}: part of {@link SpecValidator}'s problems.
 */
final class PlacementValidator {

  private static final Pattern LABEL_NAME = Pattern.compile(Patterns.LABEL_NAME);
  private static final Pattern LABEL_VALUE = Pattern.compile(Patterns.LABEL_VALUE);
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(Patterns.DNS_SUBDOMAIN);
  private static final Set<String> TAINT_EFFECTS = Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Set<String> LABEL_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");
  private static final Set<String> NODE_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");

  private PlacementValidator() {}

  /**
   * What the API server would refuse in a pod, checked here so the pipeline is refused whole with the field named,
   * instead of a StatefulSet or a driver pod failing later. The CRD states the patterns it can; the rest is here.
   */
  static void check(Placement placement, String path, List<String> problems) {
    placement.getNodeSelector().forEach((key, value) -> {
      labelKey(key, path + ".nodeSelector", problems);
      if (value != null && !LABEL_VALUE.matcher(value).matches()) {
        problems.add(path + ".nodeSelector[" + key + "]: '" + value + "' is not a label value (at most 63 letters, "
            + "digits, '-', '_' or '.', beginning and ending with a letter or digit)");
      }
    });
    List<Toleration> tolerations = placement.getTolerations();
    for (int i = 0; i < tolerations.size(); i++) {
      if (tolerations.get(i) != null) {
        toleration(tolerations.get(i), path + ".tolerations[" + i + "]", problems);
      }
    }
    if (placement.getAffinity() != null) {
      affinity(placement.getAffinity(), path + ".affinity", problems);
    }
    String priorityClass = placement.getPriorityClassName();
    if (priorityClass != null && priorityClass.length() > Patterns.DNS_SUBDOMAIN_MAX) {
      problems.add(path + ".priorityClassName: " + priorityClass.length() + " characters, more than the "
          + Patterns.DNS_SUBDOMAIN_MAX + " of a DNS-1123 subdomain");
    }
  }

  /** Kubernetes' own rules for a toleration (ValidateTolerations). */
  private static void toleration(Toleration t, String path, List<String> problems) {
    String key = empty(t.getKey());
    String operator = empty(t.getOperator());
    String value = empty(t.getValue());
    String effect = empty(t.getEffect());
    if (!key.isEmpty()) {
      labelKey(key, path + ".key", problems);
    } else if (!operator.equals("Exists")) {
      problems.add(path + ": operator must be Exists when key is empty (that tolerates every taint)");
    }
    switch (operator) {
      case "", "Equal" -> {
        if (!LABEL_VALUE.matcher(value).matches()) {
          problems.add(path + ".value: '" + value + "' is not a label value (at most 63 letters, digits, '-', '_' "
              + "or '.', beginning and ending with a letter or digit)");
        }
      }
      case "Exists" -> {
        if (!value.isEmpty()) {
          problems.add(path + ": value must be empty when operator is Exists (it is '" + value + "')");
        }
      }
      default -> problems.add(path + ".operator: '" + operator + "' is not one of Equal, Exists (or empty: Equal)");
    }
    if (!TAINT_EFFECTS.contains(effect)) {
      problems.add(path + ".effect: '" + effect + "' is not one of NoSchedule, PreferNoSchedule, NoExecute (or empty: "
          + "all)");
    }
    if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
      problems.add(path + ": tolerationSeconds is only for effect NoExecute (it says how long a pod stays on a node "
          + "that gets the taint)");
    }
  }

  /** The mistakes the API server refuses in an affinity: operators and their values, weights, topology keys. */
  private static void affinity(Affinity affinity, String path, List<String> problems) {
    NodeAffinity node = affinity.getNodeAffinity();
    if (node != null) {
      NodeSelector required = node.getRequiredDuringSchedulingIgnoredDuringExecution();
      if (required != null) {
        String where = path + ".nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution";
        List<NodeSelectorTerm> terms = listed(required.getNodeSelectorTerms());
        if (terms.isEmpty()) {
          problems.add(where + ": nodeSelectorTerms must have at least one term");
        }
        for (int i = 0; i < terms.size(); i++) {
          nodeTerm(terms.get(i), where + ".nodeSelectorTerms[" + i + "]", problems);
        }
      }
      List<PreferredSchedulingTerm> preferred = listed(node.getPreferredDuringSchedulingIgnoredDuringExecution());
      for (int i = 0; i < preferred.size(); i++) {
        String where = path + ".nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[" + i + "]";
        weight(preferred.get(i).getWeight(), where, problems);
        nodeTerm(preferred.get(i).getPreference(), where + ".preference", problems);
      }
    }
    if (affinity.getPodAffinity() != null) {
      podTerms(listed(affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()),
          listed(affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()),
          path + ".podAffinity", problems);
    }
    if (affinity.getPodAntiAffinity() != null) {
      podTerms(listed(affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()),
          listed(affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()),
          path + ".podAntiAffinity", problems);
    }
  }

  private static void nodeTerm(NodeSelectorTerm term, String path, List<String> problems) {
    if (term == null) {
      problems.add(path + " is empty");
      return;
    }
    List<NodeSelectorRequirement> expressions = listed(term.getMatchExpressions());
    for (int i = 0; i < expressions.size(); i++) {
      NodeSelectorRequirement r = expressions.get(i);
      requirement(r.getKey(), r.getOperator(), listed(r.getValues()), NODE_OPERATORS,
          path + ".matchExpressions[" + i + "]", problems);
    }
    List<NodeSelectorRequirement> fields = listed(term.getMatchFields());
    for (int i = 0; i < fields.size(); i++) {
      NodeSelectorRequirement r = fields.get(i);
      String where = path + ".matchFields[" + i + "]";
      if (!"metadata.name".equals(r.getKey()) || !Set.of("In", "NotIn").contains(empty(r.getOperator()))
          || listed(r.getValues()).size() != 1) {
        problems.add(where + ": only key metadata.name with operator In or NotIn and exactly one value");
      }
    }
  }

  private static void podTerms(List<PodAffinityTerm> required, List<WeightedPodAffinityTerm> preferred, String path,
      List<String> problems) {
    for (int i = 0; i < required.size(); i++) {
      podTerm(required.get(i), path + ".requiredDuringSchedulingIgnoredDuringExecution[" + i + "]", problems);
    }
    for (int i = 0; i < preferred.size(); i++) {
      String where = path + ".preferredDuringSchedulingIgnoredDuringExecution[" + i + "]";
      weight(preferred.get(i).getWeight(), where, problems);
      podTerm(preferred.get(i).getPodAffinityTerm(), where + ".podAffinityTerm", problems);
    }
  }

  private static void podTerm(PodAffinityTerm term, String path, List<String> problems) {
    if (term == null) {
      problems.add(path + " is empty");
      return;
    }
    if (empty(term.getTopologyKey()).isEmpty()) {
      problems.add(path + ".topologyKey is required (the node label that says what \"together\" means, e.g. "
          + "kubernetes.io/hostname)");
    } else {
      labelKey(term.getTopologyKey(), path + ".topologyKey", problems);
    }
    if (term.getLabelSelector() != null) {
      List<LabelSelectorRequirement> expressions = listed(term.getLabelSelector().getMatchExpressions());
      for (int i = 0; i < expressions.size(); i++) {
        LabelSelectorRequirement r = expressions.get(i);
        requirement(r.getKey(), r.getOperator(), listed(r.getValues()), LABEL_OPERATORS,
            path + ".labelSelector.matchExpressions[" + i + "]", problems);
      }
    }
  }

  /** In and NotIn need values, Exists and DoesNotExist none, Gt and Lt (nodes only) one integer. */
  private static void requirement(String key, String operator, List<String> values, Set<String> operators,
      String path, List<String> problems) {
    labelKey(empty(key), path + ".key", problems);
    String op = empty(operator);
    if (!operators.contains(op)) {
      problems.add(path + ".operator: '" + op + "' is not one of " + String.join(", ", operators.stream().sorted()
          .toList()));
    } else if (Set.of("In", "NotIn").contains(op) && values.isEmpty()) {
      problems.add(path + ": operator " + op + " needs values");
    } else if (Set.of("Exists", "DoesNotExist").contains(op) && !values.isEmpty()) {
      problems.add(path + ": operator " + op + " takes no values");
    } else if (Set.of("Gt", "Lt").contains(op) && (values.size() != 1 || !values.get(0).matches("-?[0-9]+"))) {
      problems.add(path + ": operator " + op + " takes exactly one integer value");
    }
  }

  private static void weight(Integer weight, String path, List<String> problems) {
    if (weight == null || weight < 1 || weight > 100) {
      problems.add(path + ".weight: " + weight + " is not between 1 and 100");
    }
  }

  /** A qualified name, as label keys and taint keys are: an optional DNS subdomain and '/', then a name. */
  private static void labelKey(String key, String path, List<String> problems) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    boolean prefixOk = prefix == null || (prefix.length() <= Patterns.DNS_SUBDOMAIN_MAX
        && DNS_SUBDOMAIN.matcher(prefix).matches());
    if (!prefixOk || !LABEL_NAME.matcher(name).matches()) {
      problems.add(path + ": '" + key + "' is not a label key (an optional DNS subdomain prefix and '/', then at "
          + "most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit)");
    }
  }

  private static <T> List<T> listed(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String empty(String s) {
    return s == null ? "" : s;
  }
}
