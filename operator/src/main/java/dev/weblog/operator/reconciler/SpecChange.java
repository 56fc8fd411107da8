package dev.weblog.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weblog.operator.api.WebLogPipelineSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a new spec asks of a running pipeline, decided from the fields that differ from the last reconciled
 * spec. A refused change is refused whole: none of it is applied.
 */
public record SpecChange(Set<Action> actions, List<String> changed, String message) {

  /** The reactions, from cheapest to most disruptive. */
  public enum Action {
    /** Nothing runs differently now (schedule, retry policy, start timeout, sizes of the next training run). */
    NONE,
    /** Retrain every target and promote through the gate; the stream hot-swaps the model. */
    RETRAIN,
    /** Stop the streaming driver gracefully and start it again from its checkpoint. */
    RESTART_STREAM,
    /**
     * Stop the real-time driver and start it again from its checkpoint (or start or stop it); a managed Kafka
     * gets its topics and user first.
     */
    RESTART_REALTIME,
    /** Update the producer Deployment only. */
    UPDATE_PRODUCER,
    /** Update the HDFS StatefulSets or the Strimzi node pool, cluster and topic (their pods roll). */
    RESIZE,
    /** Apply or delete the NetworkPolicies in front of HDFS; nothing restarts. */
    UPDATE_NETWORK_POLICIES,
    /** Stop the producer and the Spark drivers gracefully, or start them again (spec.suspend). */
    SUSPEND,
    /** Unsafe or unknown: keep running the last reconciled spec and say why. */
    REFUSE
  }

  /** Field path prefix to reaction; the longest matching prefix wins and unlisted fields are refused. */
  static final Map<String, Action> TABLE = new LinkedHashMap<>();

  /** Fields that may grow but never shrink: shrinking loses data or quorum. */
  static final Set<String> GROW_ONLY = Set.of("hdfs.datanodes", "kafka.replicas", "kafka.partitions",
      "kafka.storage");

  static {
    for (String identity : List.of("hdfs.mode", "hdfs.uri", "hdfs.base", "hdfs.storage", "hdfs.namenodeStorage",
        "hdfs.storageClassName", "kafka.mode", "kafka.bootstrapServers", "kafka.topic", "kafka.storageClassName",
        "kafka.security",
        "kafka.userSecret", "kafka.caSecret",
        "images")) {
      TABLE.put(identity, Action.REFUSE);
    }
    for (String resize : List.of("hdfs.datanodes", "hdfs.resources", "hdfs.retention", "kafka.replicas",
        "kafka.storage", "kafka.version", "kafka.resources", "kafka.partitions")) {
      TABLE.put(resize, Action.RESIZE);
    }
    for (String retrain : List.of("data", "training.targets", "training.algorithm", "training.maxDepth",
        "training.numTrees", "training.seed", "training.qualityGate")) {
      TABLE.put(retrain, Action.RETRAIN);
    }
    for (String none : List.of("training.schedule", "training.historyLimit", "training.driver",
        "training.executor", "training.executors", "training.sparkConf", "training.retrain", "retries",
        "startTimeoutSeconds")) {
      TABLE.put(none, Action.NONE);
    }
    TABLE.put("streaming", Action.RESTART_STREAM);
    // The driver judges drift itself, by the rule it gets as arguments (training.retrain, above, waits for the
    // next training run: recent data changes what a retrain learns, not the serving model).
    TABLE.put("streaming.drift", Action.RESTART_STREAM);
    // What the operator judges the running stream by: the driver does not see it.
    TABLE.put("streaming.health", Action.NONE);
    // A budget over the driver's pod, applied or deleted by the stream step: the driver does not see it either.
    TABLE.put("streaming.disruptionBudget", Action.NONE);
    TABLE.put("realtime", Action.RESTART_REALTIME);
    TABLE.put("producer", Action.UPDATE_PRODUCER);
    TABLE.put("networkPolicies", Action.UPDATE_NETWORK_POLICIES);
    TABLE.put("hdfs.webUiNamespaces", Action.UPDATE_NETWORK_POLICIES);
    TABLE.put("suspend", Action.SUSPEND);
    // Placement reaches pods through their owners: the StatefulSets and Strimzi roll their pods, the producer's
    // Deployment is replaced, the stream is restarted; a batch driver takes it on its next attempt.
    TABLE.put("placement.nameNode", Action.RESIZE);
    TABLE.put("placement.dataNodes", Action.RESIZE);
    TABLE.put("placement.kafka", Action.RESIZE);
    TABLE.put("placement.producer", Action.UPDATE_PRODUCER);
    TABLE.put("placement.sparkDrivers", Action.RESTART_STREAM);
    TABLE.put("placement.sparkExecutors", Action.RESTART_STREAM);
  }

  public static SpecChange classify(WebLogPipelineSpec old, WebLogPipelineSpec now) {
    if (old == null) {
      return new SpecChange(EnumSet.of(Action.NONE), List.of(), "first reconciliation");
    }
    Map<String, JsonNode> before = SpecSections.leaves(old);
    Map<String, JsonNode> after = SpecSections.leaves(now);
    Set<String> paths = new TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    List<String> changed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    Set<Action> actions = EnumSet.noneOf(Action.class);
    for (String path : paths) {
      JsonNode a = before.get(path);
      JsonNode b = after.get(path);
      if (Objects.equals(a, b)) {
        continue;
      }
      changed.add(path);
      Action action = actionOf(path);
      if (action == Action.REFUSE) {
        refused.add(path + (TABLE.keySet().stream().anyMatch(path::startsWith) ? " cannot change on a running "
            + "pipeline (delete and re-create it)" : " is a change the operator does not know how to apply"));
      } else if (GROW_ONLY.contains(path) && shrinks(a, b)) {
        refused.add(path + " may only grow (from " + text(a) + " to " + text(b) + " would lose data or quorum)");
      } else {
        actions.add(action);
      }
    }
    if (!refused.isEmpty()) {
      return new SpecChange(EnumSet.of(Action.REFUSE), changed, "spec change refused, still running the previous "
          + "spec: " + String.join("; ", refused));
    }
    if (actions.size() > 1) {
      actions.remove(Action.NONE);
    }
    if (actions.isEmpty()) {
      actions.add(Action.NONE);
    }
    return new SpecChange(actions, changed, describe(actions) + (changed.isEmpty() ? "" : " (changed: "
        + String.join(", ", changed) + ")"));
  }

  public boolean refused() {
    return actions.contains(Action.REFUSE);
  }

  static Action actionOf(String path) {
    String best = null;
    for (String prefix : TABLE.keySet()) {
      if ((path.equals(prefix) || path.startsWith(prefix + ".")) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return best == null ? Action.REFUSE : TABLE.get(best);
  }

  private static boolean shrinks(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return false;
    }
    if (a.isNumber() && b.isNumber()) {
      return b.asDouble() < a.asDouble();
    }
    return Quantity.getAmountInBytes(new Quantity(b.asText()))
        .compareTo(Quantity.getAmountInBytes(new Quantity(a.asText()))) < 0;
  }

  private static String text(JsonNode n) {
    return n == null ? "unset" : n.asText();
  }

  private static String describe(Set<Action> actions) {
    List<String> words = new ArrayList<>();
    for (Action a : actions) {
      words.add(switch (a) {
        case NONE -> "nothing to restart";
        case RETRAIN -> "retrain the models (the stream swaps them in without restarting)";
        case RESTART_STREAM -> "restart the stream from its checkpoint";
        case RESTART_REALTIME -> "start, restart (from its checkpoint) or stop the real-time job";
        case UPDATE_PRODUCER -> "update the producer";
        case RESIZE -> "update HDFS/Kafka";
        case UPDATE_NETWORK_POLICIES -> "update the NetworkPolicies";
        case SUSPEND -> "suspend or resume the producer and the Spark applications";
        case REFUSE -> "refuse";
      });
    }
    return String.join(", ", words);
  }
}
