package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.Phase;

/** One idempotent stage of the pipeline: create or update its objects, observe them, say whether it is done. */
public interface Step {

  String name();

  /** The phase a pipeline is in while this step is not done yet. */
  Phase phase();

  StepResult run(PipelineRun run);
}
