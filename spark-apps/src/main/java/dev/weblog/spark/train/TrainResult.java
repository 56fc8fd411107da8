package dev.weblog.spark.train;

import dev.weblog.spark.model.ModelMetrics;
import java.util.OptionalInt;

/** What a training run produced and what the quality gate decided. */
public record TrainResult(ModelMetrics metrics, int version, boolean promoted, String gateReason,
    OptionalInt current) {

  /**
   * One line of JSON for the operator (see TerminationMessage): target, version, accuracy, whether the gate
   * promoted it, the CURRENT version afterwards and the gate's reason; after a retrain on recent data also the
   * number of held-back recent lines and the accuracy on them of this version and of the serving one.
   */
  public String terminationMessage() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("target", metrics.target());
    m.put("version", version);
    m.put("accuracy", metrics.accuracy());
    m.put("promoted", promoted);
    m.put("current", current.isPresent() ? current.getAsInt() : null);
    m.put("reason", gateReason);
    ModelMetrics.Recent recent = metrics.recent();
    if (recent != null && recent.accuracy() != null) {
      m.put("recent_lines", recent.holdoutLines());
      m.put("recent_accuracy", recent.accuracy());
      if (recent.servingAccuracy() != null) {
        m.put("serving_version", recent.servingVersion());
        m.put("serving_recent_accuracy", recent.servingAccuracy());
      }
    }
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public String summary() {
    ModelMetrics m = metrics;
    return String.format("train %s: v%d %s (%s, %s rows) accuracy %.4f, weighted F1 %.4f on %d held-out "
        + "rows, trained on %d rows in %.2f s%s%s%n  gate: %s -> %s; CURRENT is %s",
        m.target(), version, m.method(), m.params().categoryEncoding(), m.params().trainingRows(), m.accuracy(),
        m.weightedF1(), m.testRows(), m.trainRows(), m.trainingSeconds(), candidates(m), recent(m.recent()),
        promoted ? "promoted" : "NOT promoted", gateReason,
        current.isPresent() ? "v" + current.getAsInt() : "unset");
  }

  /** "; the model fitted on 44,800 of them, chosen from 6 candidates on the other 11,200" when there was a choice. */
  private static String candidates(ModelMetrics m) {
    ModelMetrics.SelectionReport s = m.selection();
    return s == null || s.candidates().size() < 2 ? ""
        : String.format("; the model fitted on %,d of them, chosen from %d candidates on the other %,d",
            s.fitRows(), s.candidates().size(), s.validationRows());
  }

  /** "\n  recent: 2,400 lines since … (weight share 0.80), accuracy 0.8400 on the 600 newest vs serving v2 0.79". */
  private static String recent(ModelMetrics.Recent r) {
    if (r == null) {
      return "";
    }
    String scored = r.accuracy() == null ? ", none held back" : String.format(java.util.Locale.ROOT,
        ", accuracy %.4f on the %,d newest%s", r.accuracy(), r.holdoutLines(), r.servingAccuracy() == null ? ""
            : String.format(java.util.Locale.ROOT, " vs serving v%d %.4f", r.servingVersion(), r.servingAccuracy()));
    return String.format(java.util.Locale.ROOT, "%n  recent: %,d labelled lines trained on from %s to %s (%.2f of "
        + "the training weight)%s", r.trainingLines(), r.from(), r.newest(), r.share(), scored);
  }
}
