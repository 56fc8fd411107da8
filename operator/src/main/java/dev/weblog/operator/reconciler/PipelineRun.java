package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.api.WebLogPipelineStatus;
import dev.weblog.operator.reconciler.stream.StreamMonitor;
import dev.weblog.operator.reconciler.stream.StreamProbe;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One reconcile of one pipeline: the pipeline with the spec being acted on (the last accepted one when a change
 * was refused), the status being written, and the means to act (client, applier, events, clock).
 */
public final class PipelineRun {

  private final WebLogPipeline pipeline;
  private final WebLogPipelineStatus status;
  private final KubernetesClient client;
  private final ResourceApplier applier;
  private final PipelineEvents events;
  private final Clock clock;
  private final Conditions conditions;
  private final StreamMonitor streamMonitor;
  private String readDriver;
  private StreamProbe.Reading reading;

  public PipelineRun(WebLogPipeline pipeline, WebLogPipelineStatus status, KubernetesClient client,
      ResourceApplier applier, PipelineEvents events, Clock clock, StreamMonitor streamMonitor) {
    this.streamMonitor = streamMonitor;
    this.pipeline = pipeline;
    this.status = status;
    this.client = client;
    this.applier = applier;
    this.events = events;
    this.clock = clock;
    Long generation = pipeline.getMetadata().getGeneration();
    this.conditions = new Conditions(status, generation == null ? 0 : generation, clock);
  }

  public WebLogPipeline pipeline() {
    return pipeline;
  }

  public WebLogPipelineStatus status() {
    return status;
  }

  public KubernetesClient client() {
    return client;
  }

  public ResourceApplier apply() {
    return applier;
  }

  public Clock clock() {
    return clock;
  }

  public Instant now() {
    return clock.instant();
  }

  public String nowText() {
    return DateTimeFormatter.ISO_INSTANT.format(now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  public Conditions conditions() {
    return conditions;
  }

  public StreamMonitor streamMonitor() {
    return streamMonitor;
  }

  /** This reconcile's reading of the stream driver {@code driver}, if it was read already. */
  public Optional<StreamProbe.Reading> streamReading(String driver) {
    return driver.equals(readDriver) ? Optional.of(reading) : Optional.empty();
  }

  public void rememberStreamReading(String driver, StreamProbe.Reading reading) {
    this.readDriver = driver;
    this.reading = reading;
  }

  /** "namespace/name", the way every message names the pipeline. */
  public String where() {
    return pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
  }

  public StageStatus stage(String id) {
    return status.getStages().computeIfAbsent(id, k -> new StageStatus());
  }

  /** Progress: the condition, and a Normal event when it changed. */
  public void progress(String type, ConditionStatus value, String reason, String message) {
    if (conditions.set(type, value, reason, message)) {
      events.normal(pipeline, reason, message);
    }
  }

  /**
   * Waiting on a child: the condition False with the step's {@code reason}, or, when a pod says why, with the
   * cause's reason and the cause added to the message. A cause gets a Warning Event when it is new (another reason,
   * pod or container), never again while only the kubelet's wording changes.
   */
  public void waiting(String type, String reason, String message, Optional<PodTrouble> trouble) {
    report(type, ConditionStatus.FALSE, reason, message, trouble, true);
  }

  /**
   * Work in the background (a retrain while the old models serve): the condition keeps {@code value} and
   * {@code reason}, a pod's cause is added to the message, with a Warning Event when it is new.
   */
  public void working(String type, ConditionStatus value, String reason, String message,
      Optional<PodTrouble> trouble) {
    report(type, value, reason, message, trouble, false);
  }

  private void report(String type, ConditionStatus value, String reason, String message,
      Optional<PodTrouble> trouble, boolean causeIsReason) {
    if (trouble.isEmpty()) {
      progress(type, value, reason, message);
      return;
    }
    PodTrouble t = trouble.get();
    String why = causeIsReason ? t.reason() : reason;
    // A condition that keeps its own reason names the cause's in the message, so a new cause is still seen.
    String tag = causeIsReason ? "" : t.reason() + ": ";
    String full = message + "; " + tag + t.message();
    Condition before = conditions.get(type);
    boolean known = before != null && why.equals(before.getReason()) && before.getMessage() != null
        && before.getMessage().contains("; " + tag + t.subject());
    conditions.set(type, value, why, full);
    if (!known) {
      events.warning(pipeline, t.reason(), full);
    }
  }

  /** A health verdict: an Event on every change, a Warning one when {@code warning}. */
  public void health(String type, ConditionStatus value, String reason, String message, boolean warning) {
    if (conditions.set(type, value, reason, message)) {
      if (warning) {
        events.warning(pipeline, reason, message);
      } else {
        events.normal(pipeline, reason, message);
      }
    }
  }

  /** A failure: condition False, and a Warning event when it is new. */
  public void failure(String type, String reason, String message) {
    if (conditions.set(type, ConditionStatus.FALSE, reason, message)) {
      events.warning(pipeline, reason, message);
    }
  }

  public void normalEvent(String reason, String message) {
    events.normal(pipeline, reason, message);
  }

  public void warningEvent(String reason, String message) {
    events.warning(pipeline, reason, message);
  }
}
