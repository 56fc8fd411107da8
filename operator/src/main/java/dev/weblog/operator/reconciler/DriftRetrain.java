package dev.weblog.operator.reconciler;

import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.DriftStatus;
import dev.weblog.operator.api.LiveStatus;
import dev.weblog.operator.api.ModelStatus;
import dev.weblog.operator.api.TrainingTarget;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fires {@code training.retrain.onDrift}: a drift detection the operator announced starts one retrain of every
 * target on the history plus the labelled live lines since the drift began. One per detection: the detection's
 * start is kept in {@code status.drift.retrained}, so a retrain the gate refused (the same model serves on, the
 * same streak goes on) does not start another; a new streak is a new detection. A detection waits while a training
 * run goes on, and is dropped if its drift ends meanwhile.
 */
public final class DriftRetrain {

  public static final String EVENT = "DriftRetraining";

  private DriftRetrain() {}

  /**
   * The detections that ask for a retrain, target to when its drift began: reported by the latest reading,
   * announced, not retrained yet.
   */
  public static Map<String, Instant> due(Map<String, LiveStatus> live, DriftStatus st) {
    Map<String, Instant> due = new TreeMap<>();
    if (st == null) {
      return due;
    }
    live.forEach((target, l) -> {
      String since = l.getDriftSince();
      if (Boolean.TRUE.equals(l.getDrifting()) && since != null && since.equals(st.getDetected().get(target))
          && !since.equals(st.getRetrained().get(target))) {
        due.put(target, Instant.parse(since));
      }
    });
    return due;
  }

  /** Starts a retrain when one is due and no training run goes on; true when it did (the run key changed). */
  public static boolean tick(PipelineRun run, boolean trainingIdle) {
    if (!run.pipeline().getSpec().getTraining().getRetrain().isOnDrift() || !trainingIdle) {
      return false;
    }
    // Only on a current verdict: ModelsCurrent turns NotMonitored when the stream stops, live figures stay.
    Condition current = run.conditions().get(Condition.MODELS_CURRENT);
    if (current == null || current.getStatus() != ConditionStatus.FALSE) {
      return false;
    }
    Map<String, Instant> due = due(live(run), run.status().getDrift());
    if (due.isEmpty()) {
      return false;
    }
    DriftStatus st = run.status().getDrift();
    due.forEach((target, since) -> st.getRetrained().put(target, since.toString()));
    st.setRetrains(st.getRetrains() + 1);
    Instant since = due.values().stream().min(Instant::compareTo).orElseThrow();
    st.setRecentSince(since.toString());
    run.normalEvent(EVENT, "drift in " + String.join(", ", due.keySet()) + " of pipeline " + run.where()
        + " since " + since + ": starting drift retrain " + st.getRetrains() + " of every target on the history "
        + "and the labelled live lines since then (training.retrain.onDrift)");
    return true;
  }

  /** The part of the training run key drift retrains add; none before the first, so other keys stay as they were. */
  public static String keyPart(PipelineRun run) {
    DriftStatus st = run.status().getDrift();
    return st == null || st.getRetrains() == 0 ? "" : "-drift" + st.getRetrains();
  }

  /** The training run with {@code key} is the last retrain drift started. */
  public static boolean started(PipelineRun run, String key) {
    DriftStatus st = run.status().getDrift();
    return st != null && key.equals(st.getRetrainKey());
  }

  private static Map<String, LiveStatus> live(PipelineRun run) {
    Map<String, LiveStatus> live = new TreeMap<>();
    for (TrainingTarget tt : run.pipeline().getSpec().getTraining().getTargets()) {
      Target t = tt.target();
      ModelStatus m = Models.get(run.status(), t);
      if (m != null && m.getLive() != null) {
        live.put(t.id(), m.getLive());
      }
    }
    return live;
  }
}
