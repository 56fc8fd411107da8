package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.builders.ObjectMetas;
import dev.weblog.operator.builders.ProducerBuilder;
import dev.weblog.operator.builders.SparkAppBuilder;
import dev.weblog.operator.reconciler.ChildPods;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.deploy.k8s.Constants;

/**
 * {@code spec.suspend}: the producer's Deployment is deleted and every running Spark driver is deleted with its
 * grace period, so the stream's driver commits its running micro-batch and stops (Spark removes executors with
 * their driver). Nothing new starts: the workload steps do not run while suspended, so an ingest or a retrain that
 * falls due waits for the resume, and each stage then starts its interrupted attempt again (the stream from its
 * checkpoint). HDFS, Kafka and every claim stay. Finished drivers' pods are history and are left alone.
 */
public final class SuspendStep implements Step {

  /** How often the stopping pods are looked at again. */
  static final Duration POLL = Duration.ofSeconds(5);

  @Override
  public String name() {
    return "suspend";
  }

  @Override
  public Phase phase() {
    return Phase.SUSPENDED;
  }

  @Override
  public StepResult run(PipelineRun run) {
    Deployment producer = ProducerBuilder.deployment(run.pipeline());
    if (run.apply().get(producer) != null) {
      run.apply().delete(producer);
    }
    List<String> stopping = new ArrayList<>();
    for (Pod pod : ChildPods.list(run, ObjectMetas.selector(run.pipeline(), ProducerBuilder.APP,
        ProducerBuilder.COMPONENT))) {
      stopping.add(pod.getMetadata().getName());
    }
    Map<String, String> drivers = ObjectMetas.appSelector(run.pipeline(), SparkAppBuilder.APP);
    drivers.put(Constants.SPARK_ROLE_LABEL(), Constants.SPARK_POD_DRIVER_ROLE());
    for (Pod pod : ChildPods.list(run, drivers)) {
      if (finished(pod)) {
        continue;
      }
      if (pod.getMetadata().getDeletionTimestamp() == null) {
        run.apply().delete(pod);
      }
      stopping.add(pod.getMetadata().getName());
    }
    // Executors go with their driver (owner reference); a resume must not start while they are still there.
    Map<String, String> executors = ObjectMetas.appSelector(run.pipeline(), SparkAppBuilder.APP);
    executors.put(Constants.SPARK_ROLE_LABEL(), Constants.SPARK_POD_EXECUTOR_ROLE());
    for (Pod pod : ChildPods.list(run, executors)) {
      if (!finished(pod)) {
        stopping.add(pod.getMetadata().getName());
      }
    }
    for (StageStatus st : run.status().getStages().values()) {
      if (StageStatus.RUNNING.equals(st.getState())) {
        st.setState(StageStatus.SUSPENDED);
      }
    }
    String where = "pipeline " + run.where();
    run.conditions().set(Condition.STREAMING_RUNNING, ConditionStatus.FALSE, "Suspended", where
        + " is suspended (spec.suspend)");
    run.conditions().set(Condition.STREAM_HEALTHY, ConditionStatus.UNKNOWN, "Suspended", where
        + " is suspended: no stream to judge");
    run.conditions().set(Condition.MODELS_CURRENT, ConditionStatus.UNKNOWN, "Suspended", where
        + " is suspended: no live lines to judge the models by");
    if (run.pipeline().getSpec().getRealtime().isEnabled()) {
      run.conditions().set(Condition.REALTIME_RUNNING, ConditionStatus.FALSE, "Suspended", where
          + " is suspended (spec.suspend)");
    }
    if (!stopping.isEmpty()) {
      run.progress(Condition.SUSPENDED, ConditionStatus.FALSE, "Suspending", where + " is suspending: waiting for "
          + String.join(", ", stopping) + " to stop (the stream commits its running micro-batch first)");
      return StepResult.proceedAndRequeue(POLL);
    }
    run.progress(Condition.SUSPENDED, ConditionStatus.TRUE, "Suspended", where + " is suspended: the producer and "
        + "every Spark driver are stopped; HDFS, Kafka and all data stay. Set spec.suspend to false to resume");
    return StepResult.done();
  }

  /** After a resume: said once, by the first reconcile that runs the workload again. */
  public static void resumed(PipelineRun run) {
    Condition c = run.conditions().get(Condition.SUSPENDED);
    if (c != null && !"Resumed".equals(c.getReason())) {
      run.progress(Condition.SUSPENDED, ConditionStatus.FALSE, "Resumed", "pipeline " + run.where()
          + " resumed: each stage starts again where it stopped, the stream from its checkpoint");
    }
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
