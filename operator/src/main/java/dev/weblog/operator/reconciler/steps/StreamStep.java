package dev.weblog.operator.reconciler.steps;

import dev.weblog.common.JobContract;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.builders.Endpoints;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.builders.StreamDriverObjects;
import dev.weblog.operator.reconciler.Backoff;
import dev.weblog.operator.reconciler.ChildPods;
import dev.weblog.operator.reconciler.DriverState;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.PodTrouble;
import dev.weblog.operator.reconciler.SparkAttempts;
import dev.weblog.operator.reconciler.SpecChange;
import dev.weblog.operator.reconciler.SpecSections;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import dev.weblog.operator.reconciler.stream.StreamProbe;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps exactly one streaming driver running. A failed or finished driver is replaced by a new attempt after a
 * pause (it resumes from its HDFS checkpoint); a change of the streaming settings stops the driver, waits until
 * it is gone (two drivers must never share a checkpoint), and starts the next. Exit code 2 is a usage error and
 * is not restarted. A driver stopped from outside (evicted, drained, deleted) is replaced as soon as its pod is
 * gone, without a pause, and counted apart from failures.
 */
public final class StreamStep implements Step {

  public static final SparkStage STAGE = SparkStage.stream();
  static final Duration POLL = Duration.ofSeconds(10);

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
    StageStatus st = run.stage(STAGE.id());
    Pod pod = SparkAttempts.driver(run, STAGE, st.getAttempt());
    DriverState driver = DriverState.of(pod);
    if (st.getAttempt() > 0 && !key.equals(st.getRunKey())) {
      if (!driver.ended() && pod != null) {
        run.apply().delete(pod);
        run.normalEvent("StreamRestarting", "streaming settings of pipeline " + run.where() + " changed: stopping "
            + pod.getMetadata().getName() + "; the next driver resumes from checkpoint "
            + Endpoints.layout(run.pipeline()).checkpoints());
        if (SparkAttempts.driver(run, STAGE, st.getAttempt()) != null) {
          run.progress(Condition.STREAMING_RUNNING, ConditionStatus.FALSE, "StreamRestarting",
              "waiting for " + pod.getMetadata().getName() + " of pipeline " + run.where() + " to stop");
          return StepResult.waitFor(Duration.ofSeconds(5));
        }
      }
      st.setFailures(0);
      return start(run, st, key);
    }
    if (st.getAttempt() == 0) {
      return start(run, st, key);
    }
    if (StageStatus.FAILED.equals(st.getState())) {
      run.failure(Condition.STREAMING_RUNNING, "StreamFailed", st.getMessage());
      return StepResult.failed();
    }
    if (StageStatus.RETRYING.equals(st.getState())) {
      Instant at = Instant.parse(st.getNextAttemptAt());
      if (run.now().isBefore(at)) {
        return StepResult.waitFor(Duration.between(run.now(), at));
      }
      return start(run, st, key);
    }
    return switch (driver.phase()) {
      case MISSING -> {
        Optional<String> waiting = SparkAttempts.restart(run, STAGE, st);
        if (waiting.isPresent()) {
          run.progress(Condition.STREAMING_RUNNING, ConditionStatus.FALSE, "StreamDisrupted", waiting.get());
          yield StepResult.waitFor(SparkAttempts.DISRUPTED_POLL);
        }
        yield starting(run, st, Optional.empty());
      }
      case DISRUPTED -> {
        run.progress(Condition.STREAMING_RUNNING, ConditionStatus.FALSE, "StreamDisrupted",
            SparkAttempts.awaitGone(run, STAGE, pod, driver) + ", from its checkpoint");
        yield StepResult.waitFor(SparkAttempts.DISRUPTED_POLL);
      }
      case PENDING -> starting(run, st, ChildPods.diagnose(run, List.of(pod), pod));
      case RUNNING -> running(run, st, pod);
      case SUCCEEDED, FAILED -> ended(run, st, pod, driver);
    };
  }

  /**
   * A running pod is not yet a running stream: the query must have read its topic (a batch or an idle report in
   * the driver's metrics). Once it has, a later unanswered scrape does not undo that; StreamHealthy says it.
   */
  private static StepResult running(PipelineRun run, StageStatus st, Pod pod) {
    st.setState(StageStatus.RUNNING);
    String topic = run.pipeline().getSpec().getKafka().getTopic();
    StreamProbe.Reading reading = run.streamMonitor().read(run, pod);
    boolean readsTopic = reading.answered() ? reading.sample().reachedSource()
        : run.conditions().isTrue(Condition.STREAMING_RUNNING);
    if (!readsTopic) {
      run.progress(Condition.STREAMING_RUNNING, ConditionStatus.FALSE, "StreamConnecting", "streaming driver "
          + pod.getMetadata().getName() + " of pipeline " + run.where() + " runs; waiting for its query to read "
          + "topic " + topic + (reading.answered() ? "" : " (" + reading.failure() + ")"));
      return StepResult.waitFor(POLL);
    }
    run.progress(Condition.STREAMING_RUNNING, ConditionStatus.TRUE, "StreamRunning", "streaming driver "
        + pod.getMetadata().getName() + " of pipeline " + run.where() + " is scoring topic " + topic);
    return StepResult.done();
  }

  private static StepResult start(PipelineRun run, StageStatus st, String key) {
    st.setRunKey(key);
    st.setAttempt(st.getAttempt() + 1);
    st.setState(StageStatus.RUNNING);
    st.setNextAttemptAt(null);
    SparkAttempts.start(run, STAGE, st.getAttempt(), key);
    return starting(run, st, Optional.empty());
  }

  private static StepResult starting(PipelineRun run, StageStatus st, Optional<PodTrouble> trouble) {
    run.waiting(Condition.STREAMING_RUNNING, "StreamStarting", "waiting for streaming driver attempt "
        + st.getAttempt() + " of pipeline " + run.where() + " to run", trouble);
    return StepResult.waitFor(POLL);
  }

  private static StepResult ended(PipelineRun run, StageStatus st, Pod pod, DriverState driver) {
    String what = "streaming driver " + pod.getMetadata().getName() + " of pipeline " + run.where() + " ended with "
        + driver.describe();
    st.setMessage(what);
    if (driver.exitCode() != null && driver.exitCode() == JobContract.EXIT_USAGE) {
      st.setState(StageStatus.FAILED);
      st.setMessage(what + "; a usage or input error is not restarted: fix the spec");
      run.failure(Condition.STREAMING_RUNNING, "StreamFailed", st.getMessage());
      return StepResult.failed();
    }
    st.setFailures(st.getFailures() + 1);
    Duration pause = Backoff.after(st.getFailures(), run.pipeline().getSpec().getRetries());
    st.setState(StageStatus.RETRYING);
    st.setNextAttemptAt(run.now().plus(pause).toString());
    run.failure(Condition.STREAMING_RUNNING, "StreamRestarting", what + "; restarting from its checkpoint in "
        + pause.toSeconds() + "s");
    return StepResult.waitFor(pause);
  }
}
