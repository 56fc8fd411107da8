package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.api.WebLogPipelineSpec;
import dev.weblog.operator.api.WebLogPipelineStatus;
import dev.weblog.operator.metrics.PipelineGauges;
import dev.weblog.operator.reconciler.steps.SuspendStep;
import dev.weblog.operator.reconciler.stream.HttpStreamProbe;
import dev.weblog.operator.reconciler.stream.StreamMonitor;
import dev.weblog.operator.reconciler.stream.StreamProbe;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.MDC;

/**
 * Validate, diff the spec against the last reconciled one, then run the ordered steps until one has to wait;
 * finally derive Ready and the phase. Everything it decides is written to the status, which is what makes a
 * restarted operator carry on where the last one stopped.
 */
@ControllerConfiguration(name = WebLogPipelineReconciler.NAME)
public class WebLogPipelineReconciler implements Reconciler<WebLogPipeline> {

  public static final String NAME = "weblogpipeline";
  public static final String MDC_PIPELINE = "pipeline";

  private final KubernetesClient client;
  private final Clock clock;
  private final PipelineEvents events;
  private final ResourceApplier applier;
  private final List<Step> steps = Steps.ordered();
  private final List<Step> suspendedSteps = Steps.suspended();
  private final StreamMonitor streamMonitor;
  private final PipelineGauges gauges;

  /** Reads stream drivers over HTTP at their pod IPs; no per-pipeline metrics. */
  public WebLogPipelineReconciler(KubernetesClient client, Clock clock) {
    this(client, clock, new HttpStreamProbe(), PipelineGauges.NONE);
  }

  public WebLogPipelineReconciler(KubernetesClient client, Clock clock, StreamProbe probe, PipelineGauges gauges) {
    this.client = client;
    this.clock = clock;
    this.streamMonitor = new StreamMonitor(probe);
    this.gauges = gauges;
    this.events = new PipelineEvents(client, clock);
    this.applier = new ResourceApplier(client);
  }

  @Override
  public UpdateControl<WebLogPipeline> reconcile(WebLogPipeline p, Context<WebLogPipeline> context) {
    gauges.liveFrom(() -> context.getPrimaryCache().keys()
        .map(id -> id.getNamespace().orElse("") + "/" + id.getName()).collect(Collectors.toSet()));
    Optional<Duration> requeue = reconcile(p);
    writeStatus(p, context);
    UpdateControl<WebLogPipeline> control = UpdateControl.noUpdate();
    return requeue.map(control::rescheduleAfter).orElse(control);
  }

  /**
   * Writes the status and keeps the written copy for the next reconcile. The status carries decisions (run keys,
   * promotions, drift retrains): a reconcile that read the informer's copy from before the last write would take
   * them again, as UpdateControl's patch (not cached by JOSDK) let happen: a promotion's Event recorded twice.
   */
  private static void writeStatus(WebLogPipeline p, Context<WebLogPipeline> context) {
    WebLogPipelineStatus status = p.getStatus();
    PrimaryUpdateAndCacheUtils.mergePatchStatusAndCacheResource(p, context, fresh -> {
      fresh.setStatus(status);
      return fresh;
    });
  }

  /** Brings the cluster one step closer to the spec and fills {@code p}'s status; returns when to look again. */
  public Optional<Duration> reconcile(WebLogPipeline p) {
    MDC.put(MDC_PIPELINE, p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
    try {
      Optional<Duration> requeue = reconcileStatus(p);
      gauges.update(p);
      return requeue;
    } finally {
      MDC.remove(MDC_PIPELINE);
    }
  }

  private Optional<Duration> reconcileStatus(WebLogPipeline p) {
    WebLogPipelineStatus status = p.getStatus() == null ? new WebLogPipelineStatus() : p.getStatus();
    p.setStatus(status);
    long generation = p.getMetadata().getGeneration() == null ? 0 : p.getMetadata().getGeneration();
    boolean newGeneration = status.getObservedGeneration() == null || status.getObservedGeneration() != generation;
    if (status.getPhase() == null) {
      status.setPhase(Phase.PENDING);
    }
    PipelineRun check = new PipelineRun(p, status, client, applier, events, clock, streamMonitor);
    check.conditions().initialise();
    List<String> problems = SpecCheck.problems(p.getSpec());
    if (!problems.isEmpty()) {
      check.failure(Condition.READY, "InvalidSpec", "spec of WebLogPipeline " + check.where() + " is invalid, "
          + "nothing was changed: " + String.join("; ", problems));
      status.setPhase(Phase.FAILED);
      status.setObservedGeneration(generation);
      return Optional.empty();
    }
    List<String> unknown = PlacementCheck.unknownPriorityClasses(client, p.getSpec());
    if (!unknown.isEmpty()) {
      // The phase stays: what runs goes on running, and this ends by itself once the classes are created.
      check.failure(Condition.READY, PlacementCheck.REASON, "WebLogPipeline " + check.where() + " waits for "
          + "PriorityClasses, nothing was changed (checked again every " + PlacementCheck.RECHECK.toSeconds()
          + " s): " + String.join("; ", unknown));
      status.setObservedGeneration(generation);
      return Optional.of(PlacementCheck.RECHECK);
    }
    WebLogPipelineSpec last = status.getLastReconciledSpec() == null ? null
        : SpecSections.fromJson(status.getLastReconciledSpec());
    SpecChange change = SpecChange.classify(last, p.getSpec());
    WebLogPipeline effective = p;
    if (change.refused()) {
      effective = withSpec(p, last);
      if (newGeneration) {
        events.warning(p, "SpecChangeRefused", "generation " + generation + " of WebLogPipeline " + check.where()
            + ": " + change.message());
      }
    } else {
      if (newGeneration && last != null) {
        events.normal(p, "SpecChanged", "generation " + generation + " of WebLogPipeline " + check.where() + ": "
            + change.message());
      }
      status.setLastReconciledSpec(SpecSections.toJson(p.getSpec()));
    }
    PipelineRun run = new PipelineRun(effective, status, client, applier, events, clock, streamMonitor);
    boolean suspended = effective.getSpec().isSuspend();
    if (!suspended) {
      SuspendStep.resumed(run);
    }
    Duration requeue = null;
    Step blockedAt = null;
    boolean failed = false;
    for (Step step : suspended ? suspendedSteps : steps) {
      StepResult result = step.run(run);
      failed |= result.failure();
      requeue = min(requeue, result.requeue());
      if (!result.proceed()) {
        blockedAt = step;
        break;
      }
    }
    if (!suspended) {
      // After every step, whichever stopped the chain: a stream whose HDFS is down must still be judged.
      requeue = min(requeue, streamMonitor.judge(run).orElse(null));
    }
    ready(run, change, blockedAt, failed);
    status.setPhase(failed ? Phase.FAILED : suspended ? Phase.SUSPENDED : blockedAt != null ? blockedAt.phase()
        : "Retraining".equals(run.conditions().get(Condition.MODELS_READY).getReason()) ? Phase.TRAINING
            : Phase.STREAMING);
    status.setObservedGeneration(generation);
    return Optional.ofNullable(requeue);
  }

  private static void ready(PipelineRun run, SpecChange change, Step blockedAt, boolean failed) {
    if (change.refused()) {
      run.failure(Condition.READY, "SpecChangeRefused", change.message());
      return;
    }
    if (run.pipeline().getSpec().isSuspend()) {
      run.conditions().set(Condition.READY, ConditionStatus.FALSE, "Suspended",
          run.conditions().get(Condition.SUSPENDED).getMessage());
      return;
    }
    for (String type : Conditions.readyNeeds(run.pipeline().getSpec().getRealtime().isEnabled())) {
      Condition c = run.conditions().get(type);
      if (c.getStatus() != ConditionStatus.TRUE) {
        run.conditions().set(Condition.READY, ConditionStatus.FALSE, c.getReason(), type + ": " + c.getMessage());
        return;
      }
    }
    if (blockedAt != null || failed) {
      run.conditions().set(Condition.READY, ConditionStatus.FALSE, "Reconciling", "pipeline " + run.where()
          + " is still reconciling" + (blockedAt == null ? "" : " (step " + blockedAt.name() + ")"));
      return;
    }
    run.progress(Condition.READY, ConditionStatus.TRUE, "Ready", "pipeline " + run.where()
        + " is streaming: " + run.conditions().get(Condition.MODELS_READY).getMessage());
  }

  @Override
  public ErrorStatusUpdateControl<WebLogPipeline> updateErrorStatus(WebLogPipeline p, Context<WebLogPipeline> context,
      Exception e) {
    WebLogPipelineStatus status = p.getStatus() == null ? new WebLogPipelineStatus() : p.getStatus();
    p.setStatus(status);
    PipelineRun run = new PipelineRun(p, status, client, applier, events, clock, streamMonitor);
    run.failure(Condition.READY, "ReconcileError", "reconciling WebLogPipeline " + run.where() + " failed, will "
        + "retry: " + e.getMessage());
    gauges.update(p);
    return ErrorStatusUpdateControl.patchStatus(p);
  }

  @Override
  public List<EventSource<?, WebLogPipeline>> prepareEventSources(EventSourceContext<WebLogPipeline> context) {
    return PipelineEventSources.of(context);
  }

  private static WebLogPipeline withSpec(WebLogPipeline p, WebLogPipelineSpec spec) {
    WebLogPipeline copy = new WebLogPipeline();
    copy.setMetadata(p.getMetadata());
    copy.setSpec(spec);
    copy.setStatus(p.getStatus());
    return copy;
  }

  private static Duration min(Duration a, Duration b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }
}
