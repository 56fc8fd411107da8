package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The shape of the steps for HDFS and Kafka: a service the pipeline only names (external) has nothing to apply and
 * its readiness condition says so; a managed one has its objects applied, then what the API server returned
 * observed.
 */
abstract class ServiceStep implements Step {

  /** How often a step looks again while its service starts. */
  static final Duration POLL = Duration.ofSeconds(10);

  private final String name;
  private final String readiness;
  private final Predicate<WebLogPipeline> managed;
  private final Function<WebLogPipeline, List<HasMetadata>> desired;

  /**
   * {@code readiness}: the condition type the step sets; {@code managed}: true when the operator runs this service
   * for the pipeline; {@code desired}: the managed service's objects, as the builders make them.
   */
  ServiceStep(String name, String readiness, Predicate<WebLogPipeline> managed,
      Function<WebLogPipeline, List<HasMetadata>> desired) {
    this.name = name;
    this.readiness = readiness;
    this.managed = managed;
    this.desired = desired;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Phase phase() {
    return Phase.PROVISIONING;
  }

  @Override
  public final StepResult run(PipelineRun run) {
    WebLogPipeline p = run.pipeline();
    if (!managed.test(p)) {
      run.progress(readiness, ConditionStatus.TRUE, "External",
          "pipeline " + run.where() + " uses the external " + externalService(p));
      return StepResult.done();
    }
    List<HasMetadata> applied = new ArrayList<>();
    for (HasMetadata o : desired.apply(p)) {
      applied.add(run.apply().apply(o));
    }
    return observe(run, applied);
  }

  /** The service the pipeline names instead, for the condition's message: "HDFS at hdfs://...". */
  abstract String externalService(WebLogPipeline p);

  /** Done, or wait, from the objects as applied (their status is the server's). */
  abstract StepResult observe(PipelineRun run, List<HasMetadata> applied);
}
