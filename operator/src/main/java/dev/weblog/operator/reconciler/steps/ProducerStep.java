package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.builders.ObjectMetas;
import dev.weblog.operator.builders.ProducerBuilder;
import dev.weblog.operator.reconciler.ChildPods;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.PodTrouble;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The replay producer Deployment; removed when the spec disables it. It never holds the pipeline back, but why its
 * pod is not ready is reported.
 */
public final class ProducerStep implements Step {

  public static final String STAGE = "producer";
  /** While its pods are not ready, so the start timeout is noticed without a pod changing. */
  static final Duration POLL = Duration.ofSeconds(30);

  @Override
  public String name() {
    return STAGE;
  }

  @Override
  public Phase phase() {
    return Phase.STREAMING;
  }

  @Override
  public StepResult run(PipelineRun run) {
    Deployment desired = ProducerBuilder.deployment(run.pipeline());
    if (!run.pipeline().getSpec().getProducer().isEnabled()) {
      if (run.apply().get(desired) != null) {
        run.apply().delete(desired);
        run.normalEvent("ProducerRemoved", "producer " + desired.getMetadata().getName() + " of pipeline "
            + run.where() + " deleted: spec.producer.enabled is false");
      }
      run.status().getStages().remove(STAGE);
      return StepResult.done();
    }
    Deployment before = run.apply().get(desired);
    Deployment after = run.apply().apply(desired);
    if (before == null || !before.getMetadata().getResourceVersion().equals(after.getMetadata().getResourceVersion())) {
      run.normalEvent(before == null ? "ProducerCreated" : "ProducerUpdated", "producer "
          + desired.getMetadata().getName() + " of pipeline " + run.where() + " sends "
          + run.pipeline().getSpec().getProducer().getRate() + " lines/s to topic "
          + run.pipeline().getSpec().getKafka().getTopic());
    }
    return watch(run, after);
  }

  /**
   * The producer has no condition (the pipeline scores whatever reaches the topic), so a pod-level cause goes to
   * {@code status.stages.producer.message} while it lasts, with a Warning Event when it is new.
   */
  private static StepResult watch(PipelineRun run, Deployment deployment) {
    List<Pod> pods = ChildPods.list(run, ObjectMetas.selector(run.pipeline(), ProducerBuilder.APP,
        ProducerBuilder.COMPONENT));
    Optional<PodTrouble> trouble = ChildPods.diagnose(run, pods, deployment);
    StageStatus before = run.status().getStages().get(STAGE);
    if (trouble.isEmpty()) {
      run.status().getStages().remove(STAGE);
      return ready(deployment) ? StepResult.done() : StepResult.proceedAndRequeue(POLL);
    }
    PodTrouble t = trouble.get();
    String message = "producer " + deployment.getMetadata().getName() + " of pipeline " + run.where()
        + " is not ready: " + t.message();
    String key = t.reason() + ": ";
    if (before == null || before.getMessage() == null || !before.getMessage().startsWith(key)
        || !before.getMessage().contains(": " + t.subject())) {
      run.warningEvent(t.reason(), message);
    }
    // The reason leads, so the next look can tell a new cause from the same one reworded.
    run.stage(STAGE).setMessage(key + message);
    return StepResult.proceedAndRequeue(POLL);
  }

  private static boolean ready(Deployment d) {
    Integer want = d.getSpec() == null ? null : d.getSpec().getReplicas();
    Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
    return (want == null ? 1 : want) <= (ready == null ? 0 : ready);
  }
}
