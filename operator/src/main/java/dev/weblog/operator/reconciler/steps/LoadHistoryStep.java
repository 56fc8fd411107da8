package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.builders.Endpoints;
import dev.weblog.operator.builders.HistoryLoaderBuilder;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.SpecSections;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;

/** Puts the history into HDFS raw/ with the loader Job, once per history source (the Job retries itself). */
public final class LoadHistoryStep implements Step {

  public static final String STAGE = "load-history";
  static final Duration POLL = Duration.ofSeconds(10);

  @Override
  public String name() {
    return STAGE;
  }

  @Override
  public Phase phase() {
    return Phase.INGESTING;
  }

  @Override
  public StepResult run(PipelineRun run) {
    String key = SpecSections.dataKey(run.pipeline().getSpec());
    StageStatus st = run.stage(STAGE);
    if (key.equals(st.getCompletedRunKey())) {
      return StepResult.done();
    }
    if (!key.equals(st.getRunKey())) {
      st.setRunKey(key);
      st.setAttempt(st.getAttempt() + 1);
      st.setState(StageStatus.RUNNING);
      st.setMessage(null);
    }
    if (StageStatus.FAILED.equals(st.getState())) {
      return StepResult.failed();
    }
    Job job = run.apply().createIfAbsent(HistoryLoaderBuilder.job(run.pipeline(), st.getAttempt()));
    String jobName = job.getMetadata().getName();
    if (is(job, "Complete")) {
      st.setState(StageStatus.SUCCEEDED);
      st.setCompletedRunKey(key);
      st.setMessage("history loaded into " + Endpoints.layout(run.pipeline()).raw() + " by Job " + jobName);
      run.normalEvent("HistoryLoaded", st.getMessage() + " for pipeline " + run.where());
      return StepResult.done();
    }
    if (is(job, "Failed")) {
      st.setState(StageStatus.FAILED);
      st.setMessage("history loader Job " + jobName + " of pipeline " + run.where() + " failed: "
          + message(job, "Failed") + "; see kubectl logs job/" + jobName);
      run.failure(Condition.INGESTED, "HistoryLoadFailed", st.getMessage());
      return StepResult.failed();
    }
    run.progress(Condition.INGESTED, ConditionStatus.FALSE, "LoadingHistory", "loading the history of pipeline "
        + run.where() + " (" + run.pipeline().getSpec().getData().getSource() + ") into HDFS with Job " + jobName);
    return StepResult.waitFor(POLL);
  }

  private static boolean is(Job job, String type) {
    return conditions(job).stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String message(Job job, String type) {
    return conditions(job).stream().filter(c -> type.equals(c.getType())).map(c -> c.getReason() + ": "
        + c.getMessage()).findFirst().orElse("no reason given");
  }

  private static java.util.List<JobCondition> conditions(Job job) {
    return job.getStatus() == null || job.getStatus().getConditions() == null ? java.util.List.of()
        : job.getStatus().getConditions();
  }
}
