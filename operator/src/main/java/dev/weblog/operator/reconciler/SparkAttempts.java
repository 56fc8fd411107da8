package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.ObjectMetas;
import dev.weblog.operator.builders.SparkApp;
import dev.weblog.operator.builders.SparkAppBuilder;
import dev.weblog.operator.builders.SparkStage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.deploy.k8s.Constants;

/**
 * Attempts of a Spark stage: attempt n is the application {@code <pipeline>-<stage>-<n>}, so an operator restarted
 * mid-stage finds the driver it made by name instead of making another. Old attempts' pods, ConfigMaps and
 * Services are all owned by the pipeline (not the driver), so they are pruned here beyond the history limit.
 */
public final class SparkAttempts {

  public static final String RUN_LABEL = "weblog.dev/run";
  public static final String ATTEMPT_LABEL = "weblog.dev/attempt";
  /** How often a driver being stopped from outside is looked at: its replacement should follow its end closely. */
  public static final Duration DISRUPTED_POLL = Duration.ofSeconds(2);

  private SparkAttempts() {}

  public static Pod driver(PipelineRun run, SparkStage stage, int attempt) {
    if (attempt < 1) {
      return null;
    }
    return run.apply().get(driverRef(run.pipeline(), stage, attempt));
  }

  /** Creates what attempt n needs, the driver pod last; idempotent. */
  public static void start(PipelineRun run, SparkStage stage, int attempt, String runKey) {
    SparkApp app = SparkAppBuilder.build(run.pipeline(), stage, attempt);
    for (HasMetadata o : app.all()) {
      if (o instanceof Pod pod) {
        Pod labelled = new PodBuilder(pod).editMetadata()
            .addToLabels(Map.of(RUN_LABEL, runKey, ATTEMPT_LABEL, String.valueOf(attempt))).endMetadata().build();
        if (run.apply().get(labelled) == null) {
          run.apply().createIfAbsent(labelled);
          run.normalEvent("DriverStarted", "started Spark driver pod " + pod.getMetadata().getName() + " for stage "
              + stage.id() + " of pipeline " + run.where() + " (attempt " + attempt + ")");
        }
      } else {
        run.apply().apply(o);
      }
    }
    prune(run, stage, attempt);
  }

  /**
   * Attempt n's driver is gone before its run was over: it starts again under the same name as soon as its
   * executors are gone too. Counted as a disruption (eviction, drain, deletion), never as a failure; a driver
   * spec.suspend stopped is not counted. Returns what it still waits for, if anything.
   */
  public static Optional<String> restart(PipelineRun run, SparkStage stage, StageStatus st) {
    List<String> executors = executors(run, stage, st.getAttempt());
    if (!executors.isEmpty()) {
      // The new driver names its executors as the old one did: they must be gone first, or its creates clash.
      return Optional.of("waiting for " + String.join(", ", executors) + " of the stopped Spark driver of stage "
          + stage.id() + " of pipeline " + run.where() + " to go before the same attempt starts again");
    }
    if (!StageStatus.SUSPENDED.equals(st.getState())) {
      st.setDisruptions(st.getDisruptions() + 1);
      run.normalEvent("DriverReplaced", "Spark driver of stage " + stage.id() + " of pipeline " + run.where()
          + " (attempt " + st.getAttempt() + ") was stopped from outside its run (evicted, drained or deleted): "
          + "started again at once; disruptions of this run: " + st.getDisruptions());
    }
    st.setState(StageStatus.RUNNING);
    start(run, stage, st.getAttempt(), st.getRunKey());
    return Optional.empty();
  }

  /** The executor pods of attempt n still listed (Spark labels them with the application id). */
  public static List<String> executors(PipelineRun run, SparkStage stage, int attempt) {
    return ChildPods.list(run, Map.of(Constants.SPARK_APP_ID_LABEL(), Names.sparkApp(run.pipeline(), stage, attempt),
        Constants.SPARK_ROLE_LABEL(), Constants.SPARK_POD_EXECUTOR_ROLE())).stream()
        .map(pod -> pod.getMetadata().getName()).toList();
  }

  /**
   * A driver being stopped from outside its run: what the kubelet evicted stays Failed until deleted, so it is
   * deleted here; anything else is on its way out (the stream's driver commits its micro-batch in its grace
   * period). Returns what the stage waits for; once the pod is gone, {@link #restart} replaces it.
   */
  public static String awaitGone(PipelineRun run, SparkStage stage, Pod pod, DriverState driver) {
    if (DriverState.leftBehind(pod)) {
      run.apply().delete(pod);
    }
    return "Spark driver " + pod.getMetadata().getName() + " of stage " + stage.id() + " of pipeline " + run.where()
        + " is " + driver.message() + "; the same attempt starts again as soon as it is gone (not a failure)";
  }

  /** Deletes the driver of attempt n (a superseded run); Spark deletes its executors with it. */
  public static void stop(PipelineRun run, SparkStage stage, int attempt) {
    Pod pod = driver(run, stage, attempt);
    if (pod != null) {
      run.apply().delete(pod);
    }
  }

  /** Keeps the objects of the newest {@code training.historyLimit} attempts of the stage. */
  static void prune(PipelineRun run, SparkStage stage, int current) {
    int keep = run.pipeline().getSpec().getTraining().getHistoryLimit();
    Map<String, String> selector = ObjectMetas.selector(run.pipeline(), SparkAppBuilder.APP, stage.id());
    for (Pod pod : run.client().pods().inNamespace(run.pipeline().getMetadata().getNamespace())
        .withLabels(selector).list().getItems()) {
      int attempt = attemptOf(pod);
      if (attempt > 0 && attempt <= current - keep) {
        for (HasMetadata o : SparkAppBuilder.build(run.pipeline(), stage, attempt).all()) {
          run.apply().delete(o);
        }
      }
    }
  }

  private static int attemptOf(Pod pod) {
    String label = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(ATTEMPT_LABEL);
    try {
      return label == null ? -1 : Integer.parseInt(label);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Pod driverRef(WebLogPipeline p, SparkStage stage, int attempt) {
    return new PodBuilder().withNewMetadata().withName(Names.sparkApp(p, stage, attempt) + "-driver")
        .withNamespace(p.getMetadata().getNamespace()).endMetadata().build();
  }
}
