package dev.weblog.operator.reconciler;

import dev.weblog.common.JobContract;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.builders.Endpoints;
import dev.weblog.operator.builders.SparkStage;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Keeps exactly one driver of a Spark application that runs until stopped (the stream, the real-time job). A failed
 * or finished driver is replaced by a new attempt after a pause (it resumes from its HDFS checkpoint); a change of
 * its settings (a new run key) stops the driver, waits until it is gone (two drivers must never share a
 * checkpoint), and starts the next. Exit code 2 is a usage error and is not restarted. A driver stopped from
 * outside (evicted, drained, deleted) is replaced as soon as its pod is gone, without a pause, and counted apart
 * from failures.
 *
 * @param stage the application
 * @param condition the condition that says whether it runs
 * @param reasons the prefix of that condition's reasons and of the Events ({@code Stream}: StreamStarting,
 *     StreamRestarting, StreamFailed, StreamDisrupted)
 * @param noun what a person calls its driver in messages, e.g. {@code streaming driver}
 */
public record LongRunningApp(SparkStage stage, String condition, String reasons, String noun) {

  public static final Duration POLL = Duration.ofSeconds(10);

  /**
   * One reconcile of the application. {@code running} judges a driver whose pod runs (it sets the condition) and
   * says what the step returns then.
   */
  public StepResult reconcile(PipelineRun run, String key, BiFunction<StageStatus, Pod, StepResult> running) {
    StageStatus st = run.stage(stage.id());
    Pod pod = SparkAttempts.driver(run, stage, st.getAttempt());
    DriverState driver = DriverState.of(pod);
    if (st.getAttempt() > 0 && !key.equals(st.getRunKey())) {
      if (!driver.ended() && pod != null) {
        run.apply().delete(pod);
        run.normalEvent(reasons + "Restarting", "settings of the " + noun + " of pipeline " + run.where()
            + " changed: stopping " + pod.getMetadata().getName() + "; the next driver resumes from its checkpoint "
            + "under " + Endpoints.layout(run.pipeline()).checkpoints());
        if (SparkAttempts.driver(run, stage, st.getAttempt()) != null) {
          run.progress(condition, ConditionStatus.FALSE, reasons + "Restarting",
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
      run.failure(condition, reasons + "Failed", st.getMessage());
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
        Optional<String> waiting = SparkAttempts.restart(run, stage, st);
        if (waiting.isPresent()) {
          run.progress(condition, ConditionStatus.FALSE, reasons + "Disrupted", waiting.get());
          yield StepResult.waitFor(SparkAttempts.DISRUPTED_POLL);
        }
        yield starting(run, st, Optional.empty());
      }
      case DISRUPTED -> {
        run.progress(condition, ConditionStatus.FALSE, reasons + "Disrupted",
            SparkAttempts.awaitGone(run, stage, pod, driver) + ", from its checkpoint");
        yield StepResult.waitFor(SparkAttempts.DISRUPTED_POLL);
      }
      case PENDING -> starting(run, st, ChildPods.diagnose(run, List.of(pod), pod));
      case RUNNING -> {
        st.setState(StageStatus.RUNNING);
        yield running.apply(st, pod);
      }
      case SUCCEEDED, FAILED -> ended(run, st, pod, driver);
    };
  }

  /** Stops the running driver, if any (the application was switched off); its stage status stays as history. */
  public void stop(PipelineRun run) {
    StageStatus st = run.status().getStages().get(stage.id());
    if (st == null || st.getAttempt() == 0) {
      return;
    }
    Pod pod = SparkAttempts.driver(run, stage, st.getAttempt());
    if (pod != null && !DriverState.of(pod).ended() && pod.getMetadata().getDeletionTimestamp() == null) {
      run.apply().delete(pod);
      run.normalEvent(reasons + "Stopped", "stopped " + pod.getMetadata().getName() + " of pipeline " + run.where());
    }
    // A new run key: switched on again, the application starts a new attempt.
    st.setRunKey(null);
  }

  private StepResult start(PipelineRun run, StageStatus st, String key) {
    st.setRunKey(key);
    st.setAttempt(st.getAttempt() + 1);
    st.setState(StageStatus.RUNNING);
    st.setNextAttemptAt(null);
    SparkAttempts.start(run, stage, st.getAttempt(), key);
    return starting(run, st, Optional.empty());
  }

  private StepResult starting(PipelineRun run, StageStatus st, Optional<PodTrouble> trouble) {
    run.waiting(condition, reasons + "Starting", "waiting for " + noun + " attempt " + st.getAttempt()
        + " of pipeline " + run.where() + " to run", trouble);
    return StepResult.waitFor(POLL);
  }

  private StepResult ended(PipelineRun run, StageStatus st, Pod pod, DriverState driver) {
    String what = noun + " " + pod.getMetadata().getName() + " of pipeline " + run.where() + " ended with "
        + driver.describe();
    st.setMessage(what);
    if (driver.exitCode() != null && driver.exitCode() == JobContract.EXIT_USAGE) {
      st.setState(StageStatus.FAILED);
      st.setMessage(what + "; a usage or input error is not restarted: fix the spec");
      run.failure(condition, reasons + "Failed", st.getMessage());
      return StepResult.failed();
    }
    st.setFailures(st.getFailures() + 1);
    Duration pause = Backoff.after(st.getFailures(), run.pipeline().getSpec().getRetries());
    st.setState(StageStatus.RETRYING);
    st.setNextAttemptAt(run.now().plus(pause).toString());
    run.failure(condition, reasons + "Restarting", what + "; restarting from its checkpoint in "
        + pause.toSeconds() + "s");
    return StepResult.waitFor(pause);
  }
}
