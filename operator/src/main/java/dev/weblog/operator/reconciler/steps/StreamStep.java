package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.builders.StreamDriverObjects;
import dev.weblog.operator.reconciler.LongRunningApp;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.SpecChange;
import dev.weblog.operator.reconciler.SpecSections;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import dev.weblog.operator.reconciler.stream.StreamProbe;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Keeps exactly one streaming driver running ({@link LongRunningApp}: restarts with backoff from its checkpoint,
 * a settings change restarts it, a driver stopped from outside is replaced at once), with its Spark UI Service and,
 * when asked, its PodDisruptionBudget.
 */
public final class StreamStep implements Step {

  public static final SparkStage STAGE = SparkStage.stream();
  static final LongRunningApp APP = new LongRunningApp(STAGE, Condition.STREAMING_RUNNING, "Stream",
      "streaming driver");

  @Override
  public String name() {
    return "stream";
  }

  @Override
  public Phase phase() {
    return Phase.STREAMING;
  }

  @Override
  public StepResult run(PipelineRun run) {
    run.apply().apply(StreamDriverObjects.uiService(run.pipeline()));
    HasMetadata budget = StreamDriverObjects.disruptionBudget(run.pipeline());
    if (run.pipeline().getSpec().getStreaming().isDisruptionBudget()) {
      run.apply().apply(budget);
    } else if (run.apply().get(budget) != null) {
      run.apply().delete(budget);
    }
    String key = SpecSections.key(run.pipeline().getSpec(), SpecChange.Action.RESTART_STREAM);
    return APP.reconcile(run, key, (st, pod) -> running(run, pod));
  }

  /**
   * A running pod is not yet a running stream: the query must have read its topic (a batch or an idle report in
   * the driver's metrics). Once it has, a later unanswered scrape does not undo that; StreamHealthy says it.
   */
  private static StepResult running(PipelineRun run, Pod pod) {
    String topic = run.pipeline().getSpec().getKafka().getTopic();
    StreamProbe.Reading reading = run.streamMonitor().read(run, pod);
    boolean readsTopic = reading.answered() ? reading.sample().reachedSource()
        : run.conditions().isTrue(Condition.STREAMING_RUNNING);
    if (!readsTopic) {
      run.progress(Condition.STREAMING_RUNNING, ConditionStatus.FALSE, "StreamConnecting", "streaming driver "
          + pod.getMetadata().getName() + " of pipeline " + run.where() + " runs; waiting for its query to read "
          + "topic " + topic + (reading.answered() ? "" : " (" + reading.failure() + ")"));
      return StepResult.waitFor(LongRunningApp.POLL);
    }
    run.progress(Condition.STREAMING_RUNNING, ConditionStatus.TRUE, "StreamRunning", "streaming driver "
        + pod.getMetadata().getName() + " of pipeline " + run.where() + " is scoring topic " + topic);
    return StepResult.done();
  }
}
