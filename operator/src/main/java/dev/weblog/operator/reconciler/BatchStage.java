package dev.weblog.operator.reconciler;

import dev.weblog.common.JobContract;
import dev.weblog.operator.api.RetrySpec;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.builders.SparkStage;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs a batch Spark stage (ingest, or training of one target) to the end of one run: one driver at a time, a
 * failed driver retried after an exponential pause up to {@code spec.retries.limit}, exit code 2 (a usage error)
 * never retried, exit code 4 (a service unavailable) retried without a limit, exit code 3 (the quality gate kept the old model) a finished run. Every decision is recorded in
 * the stage's status, so the next reconcile, or a restarted operator, takes it up where it was.
 */
public final class BatchStage {

  /** How the run stands after this look. */
  public enum Kind {
    COMPLETED, SUCCEEDED, REFUSED, RUNNING, FAILED
  }

  /** {@code trouble}: why the driver pod has not started, while it is pending. */
  public record Outcome(Kind kind, String message, Duration requeue, Optional<PodTrouble> trouble) {

    Outcome(Kind kind, String message, Duration requeue) {
      this(kind, message, requeue, Optional.empty());
    }
  }

  static final Duration POLL = Duration.ofSeconds(10);

  private BatchStage() {}

  public static Outcome run(PipelineRun run, SparkStage stage, String runKey) {
    StageStatus st = run.stage(stage.id());
    if (runKey.equals(st.getCompletedRunKey())) {
      return new Outcome(Kind.COMPLETED, st.getMessage(), null);
    }
    if (!runKey.equals(st.getRunKey())) {
      // A new run supersedes whatever the previous one was doing.
      if (StageStatus.RUNNING.equals(st.getState())) {
        SparkAttempts.stop(run, stage, st.getAttempt());
      }
      st.setRunKey(runKey);
      st.setFailures(0);
      st.setNextAttemptAt(null);
      st.setMessage(null);
      return startNext(run, stage, st);
    }
    if (StageStatus.FAILED.equals(st.getState())) {
      return new Outcome(Kind.FAILED, st.getMessage(), null);
    }
    if (StageStatus.RETRYING.equals(st.getState())) {
      Instant at = Instant.parse(st.getNextAttemptAt());
      if (run.now().isBefore(at)) {
        return new Outcome(Kind.RUNNING, st.getMessage(), Duration.between(run.now(), at));
      }
      return startNext(run, stage, st);
    }
    Pod pod = SparkAttempts.driver(run, stage, st.getAttempt());
    DriverState driver = DriverState.of(pod);
    return switch (driver.phase()) {
      case MISSING -> {
        // Evicted, deleted, suspended, or the create never happened: the same attempt again, under the same name.
        Optional<String> waiting = SparkAttempts.restart(run, stage, st);
        yield waiting.isPresent() ? new Outcome(Kind.RUNNING, waiting.get(), SparkAttempts.DISRUPTED_POLL)
            : new Outcome(Kind.RUNNING, null, POLL);
      }
      case DISRUPTED -> new Outcome(Kind.RUNNING, SparkAttempts.awaitGone(run, stage, pod, driver),
          SparkAttempts.DISRUPTED_POLL);
      case PENDING -> {
        st.setState(StageStatus.RUNNING);
        yield new Outcome(Kind.RUNNING, null, POLL, ChildPods.diagnose(run, List.of(pod), pod));
      }
      case RUNNING -> {
        st.setState(StageStatus.RUNNING);
        yield new Outcome(Kind.RUNNING, null, POLL);
      }
      case SUCCEEDED -> finish(st, StageStatus.SUCCEEDED, Kind.SUCCEEDED, driver.message());
      case FAILED -> failed(run, stage, st, driver);
    };
  }

  private static Outcome startNext(PipelineRun run, SparkStage stage, StageStatus st) {
    st.setAttempt(st.getAttempt() + 1);
    st.setState(StageStatus.RUNNING);
    st.setNextAttemptAt(null);
    SparkAttempts.start(run, stage, st.getAttempt(), st.getRunKey());
    return new Outcome(Kind.RUNNING, null, POLL);
  }

  private static Outcome finish(StageStatus st, String state, Kind kind, String message) {
    st.setState(state);
    st.setCompletedRunKey(st.getRunKey());
    st.setMessage(message);
    return new Outcome(kind, message, null);
  }

  private static Outcome failed(PipelineRun run, SparkStage stage, StageStatus st, DriverState driver) {
    Integer exit = driver.exitCode();
    if (exit != null && exit == JobContract.EXIT_GATE_REFUSED) {
      return finish(st, StageStatus.REFUSED, Kind.REFUSED, driver.message());
    }
    RetrySpec retries = run.pipeline().getSpec().getRetries();
    st.setFailures(st.getFailures() + 1);
    st.setMessage(driver.describe());
    String what = "Spark driver of stage " + stage.id() + " of pipeline " + run.where() + " (attempt "
        + st.getAttempt() + ") failed with " + driver.describe();
    if (exit != null && exit == JobContract.EXIT_USAGE) {
      st.setState(StageStatus.FAILED);
      st.setMessage(what + "; a usage or input error is not retried: fix the spec or the data");
      run.warningEvent("DriverFailed", st.getMessage());
      return new Outcome(Kind.FAILED, st.getMessage(), null);
    }
    // HDFS or Kafka not answering, or a host not resolving yet, is the service's state, not the run's: retried with
    // the growing pause for as long as it lasts; only the run's own failures use up spec.retries.limit.
    boolean unavailable = exit != null && exit == JobContract.EXIT_UNAVAILABLE;
    if (!unavailable && st.getFailures() > retries.getLimit()) {
      st.setState(StageStatus.FAILED);
      st.setMessage(what + "; gave up after " + st.getFailures() + " failed attempts (spec.retries.limit is "
          + retries.getLimit() + ")");
      run.warningEvent("DriverFailed", st.getMessage());
      return new Outcome(Kind.FAILED, st.getMessage(), null);
    }
    Duration pause = Backoff.after(st.getFailures(), retries);
    st.setState(StageStatus.RETRYING);
    st.setNextAttemptAt(run.now().plus(pause).toString());
    run.warningEvent("DriverFailed", what + "; retry " + st.getFailures() + " of " + retries.getLimit() + " in "
        + pause.toSeconds() + "s");
    return new Outcome(Kind.RUNNING, st.getMessage(), pause);
  }
}
