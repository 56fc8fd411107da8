package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.builders.Endpoints;
import dev.weblog.operator.builders.HistoryLoaderBuilder;
import dev.weblog.operator.builders.ObjectMetas;
import dev.weblog.operator.reconciler.ChildPods;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.SpecSections;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Puts the history into HDFS raw/ with the loader Job, once per history source (the Job retries itself). */
public final class LoadHistoryStep implements Step {

  public static final String STAGE = "load-history";
  static final Duration POLL = Duration.ofSeconds(10);
  /** The label the Job controller puts on the pods of a Job. */
  static final String JOB_NAME_LABEL = "job-name";

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
    run.waiting(Condition.INGESTED, "LoadingHistory", "loading the history of pipeline " + run.where() + " ("
        + run.pipeline().getSpec().getData().getSource() + ") into HDFS with Job " + jobName,
        ChildPods.diagnose(run, pods(run, jobName), job));
    return StepResult.waitFor(POLL);
  }

  /** The Job's pods, newest first: a failed pod the Job replaced still says why it failed. */
  private static List<Pod> pods(PipelineRun run, String jobName) {
    Map<String, String> labels = ObjectMetas.selector(run.pipeline(), HistoryLoaderBuilder.APP,
        HistoryLoaderBuilder.COMPONENT);
    labels.put(JOB_NAME_LABEL, jobName);
    return ChildPods.list(run, labels).stream().sorted(Comparator.comparing(
        (Pod p) -> p.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
        .reversed()).toList();
  }

  private static boolean is(Job job, String type) {
    return conditions(job).stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String message(Job job, String type) {
    return conditions(job).stream().filter(c -> type.equals(c.getType())).map(c -> c.getReason() + ": "
        + c.getMessage()).findFirst().orElse("no reason given");
  }

  private static List<JobCondition> conditions(Job job) {
    return job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
        : job.getStatus().getConditions();
  }
}
