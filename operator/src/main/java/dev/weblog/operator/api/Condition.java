package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Kubernetes-style condition, so {@code kubectl wait --for=condition=Ready} works. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

  public static final String HDFS_READY = "HdfsReady";
  public static final String KAFKA_READY = "KafkaReady";
  public static final String INGESTED = "Ingested";
  public static final String MODELS_READY = "ModelsReady";
  public static final String STREAMING_RUNNING = "StreamingRunning";
  /** Reported, and part of Ready, only while {@code realtime.enabled}. */
  public static final String REALTIME_RUNNING = "RealtimeRunning";
  public static final String READY = "Ready";
  /** Not part of Ready: a lagging stream still serves. */
  public static final String STREAM_HEALTHY = "StreamHealthy";
  /**
   * Not part of Ready (a drifting model still serves): False with reason {@link #DRIFT} while the stream driver
   * reports drift for a target, Unknown (NotMonitored) while no drift is measured, Unknown (AwaitingLines) before
   * the first judged unit of lines.
   */
  public static final String MODELS_CURRENT = "ModelsCurrent";
  public static final String DRIFT = "Drift";
  /** StreamHealthy's reasons that alerts key on. */
  public static final String STALLED = "Stalled";
  public static final String LAGGING = "Lagging";
  /**
   * Reported once a pipeline was first suspended: True when nothing but HDFS and Kafka runs, False while its pods
   * stop (Suspending) and after a resume (Resumed).
   */
  public static final String SUSPENDED = "Suspended";

  @JsonPropertyDescription("HdfsReady, KafkaReady, Ingested, ModelsReady, StreamingRunning, StreamHealthy, "
      + "ModelsCurrent, RealtimeRunning, Ready or Suspended")
  @Required
  private String type;

  @Required
  private ConditionStatus status;

  @JsonPropertyDescription("One CamelCase word saying why")
  private String reason;

  @JsonPropertyDescription("What happened, for a person")
  private String message;

  @JsonPropertyDescription("RFC 3339 time of the last change of status")
  private String lastTransitionTime;

  @JsonPropertyDescription("metadata.generation this condition was computed for")
  private Long observedGeneration;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public ConditionStatus getStatus() {
    return status;
  }

  public void setStatus(ConditionStatus status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
