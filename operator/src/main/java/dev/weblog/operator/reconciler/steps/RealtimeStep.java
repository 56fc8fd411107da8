package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.RealtimeSpec;
import dev.weblog.operator.api.WebLogPipelineSpec;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.reconciler.LongRunningApp;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.SpecChange;
import dev.weblog.operator.reconciler.SpecSections;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;

/**
 * The real-time job while {@code realtime.enabled}: one driver, kept running as the stream's is ({@link
 * LongRunningApp}), its topics and Kafka user made by the Kafka step. Never holds up the steps after it: the
 * producer feeds the stream whatever the real-time job does. Switched off, its driver is stopped.
 */
public final class RealtimeStep implements Step {

  public static final SparkStage STAGE = SparkStage.realtime();
  static final LongRunningApp APP = new LongRunningApp(STAGE, Condition.REALTIME_RUNNING, "Realtime",
      "real-time driver");

  @Override
  public String name() {
    return "realtime";
  }

  @Override
  public Phase phase() {
    return Phase.STREAMING;
  }

  @Override
  public StepResult run(PipelineRun run) {
    RealtimeSpec realtime = run.pipeline().getSpec().getRealtime();
    if (!realtime.isEnabled()) {
      APP.stop(run);
      run.conditions().remove(Condition.REALTIME_RUNNING);
      return StepResult.done();
    }
    StepResult result = APP.reconcile(run, key(run.pipeline().getSpec()), (st, pod) -> {
      run.progress(Condition.REALTIME_RUNNING, ConditionStatus.TRUE, "RealtimeRunning", "real-time driver "
          + pod.getMetadata().getName() + " of pipeline " + run.where() + " scores topic "
          + run.pipeline().getSpec().getKafka().getTopic() + " into " + realtime.getPredictionsTopic()
          + " (rejected lines into " + realtime.getQuarantineTopic() + ")");
      return StepResult.done();
    });
    return new StepResult(true, result.failure(), result.requeue());
  }

  /** Its own section and where Spark's pods go: a change of either starts the next attempt. */
  static String key(WebLogPipelineSpec spec) {
    StringBuilder placement = new StringBuilder();
    SpecSections.leaves(spec).forEach((path, value) -> {
      if (path.startsWith("placement.spark")) {
        placement.append(path).append('=').append(value).append('\n');
      }
    });
    return SpecSections.key(spec, SpecChange.Action.RESTART_REALTIME) + "-" + SpecSections.hash(placement.toString());
  }
}
