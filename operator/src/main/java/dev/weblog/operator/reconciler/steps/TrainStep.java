package dev.weblog.operator.reconciler.steps;

import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.ModelStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.TrainingTarget;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.reconciler.BatchStage;
import dev.weblog.operator.reconciler.DriftRetrain;
import dev.weblog.operator.reconciler.Models;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.RetrainSchedule;
import dev.weblog.operator.reconciler.SpecChange;
import dev.weblog.operator.reconciler.SpecSections;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import dev.weblog.operator.reconciler.TrainingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains each target in turn and records the promoted models. A run is identified by the training fields of the
 * spec plus the number of scheduled runs and of drift retrains; once a model serves, a new run goes on in the
 * background and the stream swaps the new model in itself.
 */
public final class TrainStep implements Step {

  @Override
  public String name() {
    return "train";
  }

  @Override
  public Phase phase() {
    return Phase.TRAINING;
  }

  @Override
  public StepResult run(PipelineRun run) {
    List<Target> targets = run.pipeline().getSpec().getTraining().getTargets().stream()
        .map(TrainingTarget::target).toList();
    String section = SpecSections.key(run.pipeline().getSpec(), SpecChange.Action.RETRAIN);
    boolean idle = targets.stream().allMatch(t -> key(section, run).equals(
        run.stage(SparkStage.train(t).id()).getCompletedRunKey()));
    int slotsBefore = RetrainSchedule.runs(run);
    Duration untilSlot = RetrainSchedule.tick(run, idle);
    // One run at a time: a detection waits while the slot's run goes on, and is retrained after it if it lasts.
    if (DriftRetrain.tick(run, idle && RetrainSchedule.runs(run) == slotsBefore)) {
      run.status().getDrift().setRetrainKey(key(section, run));
    }
    String key = key(section, run);
    boolean onDrift = DriftRetrain.started(run, key);
    boolean serving = targets.stream().allMatch(t -> Models.get(run.status(), t) != null);
    boolean scheduled = targets.stream().allMatch(t -> {
      String done = run.stage(SparkStage.train(t).id()).getCompletedRunKey();
      return done != null && done.startsWith(section + "-");
    });
    for (Target target : targets) {
      SparkStage stage = SparkStage.train(target);
      BatchStage.Outcome outcome = BatchStage.run(run, stage, key);
      switch (outcome.kind()) {
        case COMPLETED -> {
        }
        case SUCCEEDED -> promoted(run, target, outcome.message());
        case REFUSED -> refused(run, target, outcome.message());
        case RUNNING -> {
          return inProgress(run, target, serving, scheduled, onDrift, outcome);
        }
        case FAILED -> {
          run.failure(Condition.MODELS_READY, "TrainingFailed", outcome.message() + (serving
              ? "; the stream keeps serving the promoted models" : ""));
          return serving ? StepResult.failedButProceed() : StepResult.failed();
        }
      }
    }
    List<String> missing = new ArrayList<>();
    List<String> models = new ArrayList<>();
    for (Target t : targets) {
      ModelStatus m = Models.get(run.status(), t);
      if (m == null) {
        missing.add(t.id() + ": " + run.stage(SparkStage.train(t).id()).getMessage());
      } else {
        models.add(Models.describe(t, m));
      }
    }
    if (!missing.isEmpty()) {
      run.failure(Condition.MODELS_READY, "NoModelPassedGate", "no model of pipeline " + run.where()
          + " passed the quality gate, so nothing can be streamed: " + String.join("; ", missing)
          + "; lower spec.training.qualityGate or change the training parameters");
      return StepResult.failed();
    }
    run.progress(Condition.MODELS_READY, ConditionStatus.TRUE, "ModelsReady", "promoted models of pipeline "
        + run.where() + ": " + String.join(", ", models));
    return untilSlot == null ? StepResult.done() : StepResult.proceedAndRequeue(untilSlot);
  }

  private static String key(String section, PipelineRun run) {
    return section + "-" + RetrainSchedule.runs(run) + DriftRetrain.keyPart(run);
  }

  private static StepResult inProgress(PipelineRun run, Target target, boolean serving, boolean scheduled,
      boolean onDrift, BatchStage.Outcome outcome) {
    String doing = "training " + target.id() + " for pipeline " + run.where() + " (attempt "
        + run.stage(SparkStage.train(target).id()).getAttempt() + ")"
        + (outcome.message() == null ? "" : "; last attempt: " + outcome.message());
    if (!serving) {
      run.waiting(Condition.MODELS_READY, "Training", doing, outcome.trouble());
      return StepResult.waitFor(outcome.requeue());
    }
    if (onDrift) {
      run.working(Condition.MODELS_READY, ConditionStatus.TRUE, DriftRetrain.EVENT, "retraining on drift since "
          + run.status().getDrift().getRecentSince() + ": " + doing + "; the promoted models keep serving",
          outcome.trouble());
    } else if (scheduled) {
      run.working(Condition.MODELS_READY, ConditionStatus.TRUE, "ScheduledRetraining",
          "scheduled retraining: " + doing + "; the promoted models keep serving", outcome.trouble());
    } else {
      run.working(Condition.MODELS_READY, ConditionStatus.FALSE, "Retraining",
          "spec changed, retraining: " + doing + "; the promoted models keep serving", outcome.trouble());
    }
    return StepResult.proceedAndRequeue(outcome.requeue());
  }

  private static void promoted(PipelineRun run, Target target, String message) {
    TrainingResult result = TrainingResult.parse(message).orElse(null);
    if (result == null) {
      run.warningEvent("TrainingResultUnreadable", "the train driver of " + target.id() + " in pipeline "
          + run.where() + " succeeded but its termination message is not the expected JSON: " + message);
      return;
    }
    if (!result.promoted()) {
      refused(run, target, message);
      return;
    }
    ModelStatus m = new ModelStatus();
    m.setVersion("v" + result.version());
    m.setAccuracy(result.accuracy());
    m.setPromotedAt(run.nowText());
    Models.set(run.status(), target, m);
    run.normalEvent("ModelPromoted", "promoted " + result.describe() + " for pipeline " + run.where()
        + (result.reason().isEmpty() ? "" : ": " + result.reason()));
  }

  private static void refused(PipelineRun run, Target target, String message) {
    ModelStatus current = Models.get(run.status(), target);
    String kept = current == null ? "no model is promoted yet" : "keeping " + current.getVersion();
    String what = TrainingResult.parse(message).map(r -> r.describe() + ": " + r.reason()).orElse(message);
    run.warningEvent("ModelRefused", "the quality gate of pipeline " + run.where() + " refused the new "
        + target.id() + " model, " + what + "; " + kept);
  }
}
