package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipelineStatus;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Sets the pipeline's conditions, stamped with the generation they were computed for. The transition time moves
 * only when the status does, as Kubernetes conventions ask.
 */
public final class Conditions {

  /**
   * Every condition the pipeline always reports, in the order of its stages; RealtimeRunning comes and goes with
   * {@code realtime.enabled}, Suspended after a first suspend.
   */
  public static final List<String> TYPES = List.of(Condition.HDFS_READY, Condition.KAFKA_READY,
      Condition.INGESTED, Condition.MODELS_READY, Condition.STREAMING_RUNNING, Condition.STREAM_HEALTHY,
      Condition.MODELS_CURRENT, Condition.READY);

  /**
   * The conditions Ready needs True: each stage's, not the stream's health (a lagging stream still serves) nor
   * ModelsCurrent (a drifting model still serves); the real-time job's too when it is enabled.
   */
  public static List<String> readyNeeds(boolean realtime) {
    List<String> needs = new java.util.ArrayList<>(List.of(Condition.HDFS_READY, Condition.KAFKA_READY,
        Condition.INGESTED, Condition.MODELS_READY, Condition.STREAMING_RUNNING));
    if (realtime) {
      needs.add(Condition.REALTIME_RUNNING);
    }
    return needs;
  }

  private final WebLogPipelineStatus status;
  private final long generation;
  private final Clock clock;

  public Conditions(WebLogPipelineStatus status, long generation, Clock clock) {
    this.status = status;
    this.generation = generation;
    this.clock = clock;
  }

  /** Adds the ones not reported yet as Unknown, so every type is visible from the first reconcile. */
  public void initialise() {
    for (String type : TYPES) {
      if (get(type) == null) {
        set(type, ConditionStatus.UNKNOWN, "NotReconciled", type + " has not been checked yet");
      }
    }
  }

  /** True when the status or the reason changed: a transition worth an Event. */
  public boolean set(String type, ConditionStatus value, String reason, String message) {
    Condition c = get(type);
    boolean changed;
    if (c == null) {
      c = new Condition();
      c.setType(type);
      status.getConditions().add(c);
      changed = true;
    } else {
      changed = c.getStatus() != value || !reason.equals(c.getReason());
    }
    if (c.getStatus() != value) {
      c.setLastTransitionTime(DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(
          java.time.temporal.ChronoUnit.SECONDS)));
    }
    c.setStatus(value);
    c.setReason(reason);
    c.setMessage(message);
    c.setObservedGeneration(generation);
    return changed;
  }

  /** Drops a condition that no longer applies (RealtimeRunning once the real-time job is switched off). */
  public void remove(String type) {
    status.getConditions().removeIf(c -> type.equals(c.getType()));
  }

  public Condition get(String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  public boolean isTrue(String type) {
    Condition c = get(type);
    return c != null && c.getStatus() == ConditionStatus.TRUE;
  }
}
