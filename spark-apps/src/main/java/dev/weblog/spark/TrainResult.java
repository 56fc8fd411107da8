package dev.weblog.spark;

import java.util.OptionalInt;

/** What a training run produced and what the quality gate decided. */
public record TrainResult(ModelMetrics metrics, int version, boolean promoted, String gateReason,
    OptionalInt current) {

  public String summary() {
    ModelMetrics m = metrics;
    return String.format("train %s: v%d %s (%s, %s rows, depth %d) accuracy %.4f, weighted F1 %.4f on %d held-out "
            + "rows, trained on %d rows in %.2f s%n  gate: %s -> %s; CURRENT is %s",
        m.target(), version, m.algorithm(), m.params().categoryEncoding(), m.params().trainingRows(),
        m.params().maxDepth(), m.accuracy(), m.weightedF1(), m.testRows(), m.trainRows(), m.trainingSeconds(),
        promoted ? "promoted" : "NOT promoted", gateReason,
        current.isPresent() ? "v" + current.getAsInt() : "unset");
  }
}
