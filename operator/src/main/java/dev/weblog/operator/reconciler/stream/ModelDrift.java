package dev.weblog.operator.reconciler.stream;

import dev.weblog.common.Target;
import dev.weblog.common.monitor.DriftRule;
import dev.weblog.common.monitor.ModelWatch;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.DriftStatus;
import dev.weblog.operator.api.LiveStatus;
import dev.weblog.operator.api.ModelStatus;
import dev.weblog.operator.api.WebLogPipelineStatus;
import dev.weblog.operator.builders.Endpoints;
import dev.weblog.operator.reconciler.Models;
import dev.weblog.operator.reconciler.PipelineRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Condition ModelsCurrent, Event ModelDrift and {@code status.models.<target>.live}, from the stream driver's drift
 * monitor. The driver judges drift by {@code streaming.drift}; the operator reports what it says, and announces a
 * detection once (kept in {@code status.drift}, so neither a reconcile nor an operator restart repeats it).
 */
public final class ModelDrift {

  public static final String NOT_MONITORED = "NotMonitored";
  public static final String NO_DRIFT = "NoDrift";
  public static final String AWAITING_LINES = "AwaitingLines";
  public static final String EVENT = "ModelDrift";

  /** What ModelsCurrent says. */
  public record Verdict(ConditionStatus status, String reason, String message) {}

  /** A detection not announced yet: the target and what its model's figures say. */
  public record Detection(String target, Instant since, String message) {}

  private ModelDrift() {}

  /** ModelsCurrent from one reading of the driver's targets; {@code where} names the pipeline. */
  public static Verdict judge(String where, Map<String, ModelWatch> models, DriftRule rule, boolean onDrift) {
    List<String> drifting = new ArrayList<>();
    List<String> current = new ArrayList<>();
    List<String> unwatched = new ArrayList<>();
    List<String> awaiting = new ArrayList<>();
    models.forEach((target, w) -> {
      if (!w.monitored()) {
        unwatched.add(target);
      } else if (w.worst().isEmpty() && w.accuracy() == null) {
        awaiting.add(target);
      } else if (w.detected()) {
        drifting.add(target + " " + describe(w, rule));
      } else {
        current.add(target + " " + figures(w));
      }
    });
    String unwatchedNote = unwatched.isEmpty() ? "" : "; not monitored: " + String.join(", ", unwatched)
        + " (its version has no training profile)";
    String notes = (awaiting.isEmpty() ? "" : "; not judged yet: " + String.join(", ", awaiting)) + unwatchedNote;
    if (!drifting.isEmpty()) {
      return new Verdict(ConditionStatus.FALSE, Condition.DRIFT, "drift in the models of pipeline " + where + ": "
          + String.join("; ", drifting) + notes + "; " + advice(onDrift));
    }
    if (!current.isEmpty()) {
      return new Verdict(ConditionStatus.TRUE, NO_DRIFT, "no drift in the models of pipeline " + where + ": "
          + String.join("; ", current) + notes);
    }
    if (!awaiting.isEmpty()) {
      // Before its first judged unit a model is neither current nor drifting: saying NoDrift would claim a check.
      return new Verdict(ConditionStatus.UNKNOWN, AWAITING_LINES, "the stream of pipeline " + where + " has not "
          + "judged " + String.join(", ", awaiting) + " yet: a unit needs " + rule.minLines() + " lines "
          + "(streaming.drift.minLines)" + unwatchedNote);
    }
    return new Verdict(ConditionStatus.UNKNOWN, NOT_MONITORED, "the stream driver of pipeline " + where
        + " reports no drift figures" + (unwatched.isEmpty() ? "" : " for " + String.join(", ", unwatched))
        + ": a model version trained before training profiles were written has none; the next retrain writes one");
  }

  /** The detections in {@code models} that {@code st} has not announced (a new drift-since per target). */
  public static List<Detection> fresh(Map<String, ModelWatch> models, DriftStatus st, DriftRule rule) {
    List<Detection> out = new ArrayList<>();
    models.forEach((target, w) -> {
      if (w.monitored() && w.detected() && w.since() != null
          && (st == null || !w.since().toString().equals(st.getDetected().get(target)))) {
        out.add(new Detection(target, w.since(), target + " " + describe(w, rule)));
      }
    });
    return out;
  }

  /** The figures of one target's model for {@code status.models.<target>.live}. */
  public static LiveStatus live(ModelWatch w, String checkedAt) {
    LiveStatus live = new LiveStatus();
    live.setAccuracy(w.accuracy());
    live.setTestAccuracy(w.testAccuracy());
    w.worst().ifPresent(f -> {
      live.setWorstPsi(f.psi());
      live.setWorstFeature(f.name());
    });
    live.setClassShift(w.classShift());
    live.setDriftStreak(w.streak());
    live.setDrifting(w.monitored() ? w.detected() : null);
    live.setDriftSince(w.since() == null ? null : w.since().toString());
    live.setCheckedAt(checkedAt);
    return live;
  }

  /** Puts each served target's figures in its model status; a target without a promoted model has none. */
  public static void record(WebLogPipelineStatus status, Map<String, ModelWatch> models, String checkedAt) {
    models.forEach((id, w) -> target(id).ifPresent(t -> {
      ModelStatus m = Models.get(status, t);
      if (m != null) {
        m.setLive(live(w, checkedAt));
      }
    }));
  }

  /** Sets ModelsCurrent from this reconcile's reading and announces each new detection with a Warning Event. */
  public static void apply(PipelineRun run, DriverSample sample) {
    DriftRule rule = run.pipeline().getSpec().getStreaming().getDrift().rule();
    boolean onDrift = run.pipeline().getSpec().getTraining().getRetrain().isOnDrift();
    Verdict v = judge(run.where(), sample.models(), rule, onDrift);
    if (v.status() == ConditionStatus.FALSE) {
      // The Event is ModelDrift, once per detection below; not one per change of the condition.
      run.conditions().set(Condition.MODELS_CURRENT, v.status(), v.reason(), v.message());
    } else {
      run.health(Condition.MODELS_CURRENT, v.status(), v.reason(), v.message(), false);
    }
    List<Detection> fresh = fresh(sample.models(), run.status().getDrift(), rule);
    if (fresh.isEmpty()) {
      return;
    }
    if (run.status().getDrift() == null) {
      run.status().setDrift(new DriftStatus());
    }
    String monitor = Endpoints.layout(run.pipeline()).streamMonitor();
    for (Detection d : fresh) {
      run.status().getDrift().getDetected().put(d.target(), d.since().toString());
      run.warningEvent(EVENT, "model " + d.message() + " (pipeline " + run.where() + "); " + advice(onDrift)
          + "; the figures of every micro-batch are in " + monitor);
    }
  }

  /** ModelsCurrent while no drift is measured: the stream does not run. */
  public static void notMonitored(PipelineRun run, String why) {
    run.conditions().set(Condition.MODELS_CURRENT, ConditionStatus.UNKNOWN, NOT_MONITORED, "models of pipeline "
        + run.where() + " are not monitored: " + why);
  }

  /** "drifts since T: feature 'browser' PSI 0.412 (threshold 0.2), live accuracy 0.812 vs test 0.901 (...)". */
  static String describe(ModelWatch w, DriftRule rule) {
    List<String> why = new ArrayList<>();
    w.worst().ifPresent(f -> why.add("feature '" + f.name() + "' PSI " + fmt(f.psi())
        + (f.psi() >= rule.psiThreshold() ? " (threshold " + rule.psiThreshold() + ")" : "")));
    if (w.accuracy() != null && w.testAccuracy() != null) {
      boolean dropped = w.testAccuracy() - w.accuracy() > rule.accuracyDrop();
      why.add("live accuracy " + fmt(w.accuracy()) + " vs test accuracy " + fmt(w.testAccuracy())
          + (dropped ? " (more than " + rule.accuracyDrop() + " below)" : ""));
    }
    return "drifts" + (w.since() == null ? "" : " since " + w.since()) + (why.isEmpty() ? "" : ": "
        + String.join(", ", why));
  }

  /** "worst PSI 0.031 (browser), live accuracy 0.912 (test 0.920)". */
  static String figures(ModelWatch w) {
    List<String> parts = new ArrayList<>();
    parts.add(w.worst().map(f -> "worst PSI " + fmt(f.psi()) + " (" + f.name() + ")").orElse("no PSI yet"));
    parts.add(w.accuracy() == null ? "no labelled line yet" : "live accuracy " + fmt(w.accuracy())
        + (w.testAccuracy() == null ? "" : " (test " + fmt(w.testAccuracy()) + ")"));
    return String.join(", ", parts);
  }

  private static String advice(boolean onDrift) {
    return onDrift ? "retraining on the history and the labelled lines since the drift began "
        + "(training.retrain.onDrift), once no training run is going on"
        : "the models keep serving; retrain with training.retrain.onDrift: true, or by hand";
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, "%.3f", x);
  }

  private static Optional<Target> target(String id) {
    return Arrays.stream(Target.values()).filter(t -> t.id().equals(id)).findFirst();
  }
}
