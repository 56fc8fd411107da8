package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.builders.Endpoints;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.reconciler.BatchStage;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.SpecSections;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;

/** The ingest Spark job (raw CSV to Parquet), once per history source. */
public final class IngestStep implements Step {

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public Phase phase() {
    return Phase.INGESTING;
  }

  @Override
  public StepResult run(PipelineRun run) {
    String key = SpecSections.dataKey(run.pipeline().getSpec());
    BatchStage.Outcome outcome = BatchStage.run(run, SparkStage.ingest(), key);
    String data = Endpoints.layout(run.pipeline()).data();
    return switch (outcome.kind()) {
      case COMPLETED, SUCCEEDED, REFUSED -> {
        run.progress(Condition.INGESTED, ConditionStatus.TRUE, "Ingested", "history of pipeline " + run.where()
            + " ingested into " + data + (outcome.message() == null ? "" : ": " + outcome.message()));
        yield StepResult.done();
      }
      case RUNNING -> {
        run.waiting(Condition.INGESTED, "Ingesting", "ingesting the history of pipeline " + run.where() + " into "
            + data + (outcome.message() == null ? "" : " (last attempt: " + outcome.message() + ")"),
            outcome.trouble());
        yield StepResult.waitFor(outcome.requeue());
      }
      case FAILED -> {
        run.failure(Condition.INGESTED, "IngestFailed", outcome.message());
        yield StepResult.failed();
      }
    };
  }
}
