package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Phase;
import dev.weblog.operator.builders.SparkRbacBuilder;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** The service account and role the Spark drivers use to create their executors. */
public final class SparkRbacStep implements Step {

  @Override
  public String name() {
    return "spark-rbac";
  }

  @Override
  public Phase phase() {
    return Phase.PROVISIONING;
  }

  @Override
  public StepResult run(PipelineRun run) {
    for (HasMetadata o : SparkRbacBuilder.build(run.pipeline())) {
      run.apply().apply(o);
    }
    return StepResult.done();
  }
}
