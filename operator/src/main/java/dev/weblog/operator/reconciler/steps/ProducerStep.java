package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Phase;
import dev.weblog.operator.builders.ProducerBuilder;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The replay producer Deployment; removed when the spec disables it. */
public final class ProducerStep implements Step {

  @Override
  public String name() {
    return "producer";
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
    return StepResult.done();
  }
}
