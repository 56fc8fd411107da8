package dev.weblog.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-line JSON the train job writes to its termination message, e.g.
 * {@code {"target":"gender","version":3,"accuracy":0.9291,"promoted":true,"current":3,"reason":"..."}}; after a
 * retrain on recent data also {@code "recent_lines":2000,"recent_accuracy":0.84,"serving_version":2,
 * "serving_recent_accuracy":0.79}.
 *
 * @param recent the scores on the held-back recent lines; null when none were held back
 */
public record TrainingResult(String target, int version, double accuracy, boolean promoted, int current,
    String reason, Recent recent) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The candidate's accuracy on the {@code lines} most recent labelled lines, and the serving version's on the
   * same lines (null when none served).
   */
  public record Recent(long lines, double accuracy, Integer servingVersion, Double servingAccuracy) {}

  public TrainingResult(String target, int version, double accuracy, boolean promoted, int current,
      String reason) {
    this(target, version, accuracy, promoted, current, reason, null);
  }

  /** Empty when the message is not such a line (a failed driver's error text, or nothing). */
  public static Optional<TrainingResult> parse(String message) {
    if (message == null || !message.strip().startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(message.strip());
      if (!n.isObject() || !n.path("version").canConvertToInt() || !n.path("accuracy").isNumber()) {
        return Optional.empty();
      }
      return Optional.of(new TrainingResult(n.path("target").asText(null), n.path("version").asInt(),
          n.path("accuracy").asDouble(), n.path("promoted").asBoolean(false), n.path("current").asInt(0),
          n.path("reason").asText(""), recent(n)));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static Recent recent(JsonNode n) {
    if (!n.path("recent_lines").canConvertToLong() || !n.path("recent_accuracy").isNumber()) {
      return null;
    }
    boolean served = n.path("serving_recent_accuracy").isNumber();
    return new Recent(n.path("recent_lines").asLong(), n.path("recent_accuracy").asDouble(),
        served && n.path("serving_version").canConvertToInt() ? n.path("serving_version").asInt() : null,
        served ? n.path("serving_recent_accuracy").asDouble() : null);
  }

  /**
   * For conditions and events: "gender v3 (accuracy 0.9291)", after a retrain on recent data
   * "gender v3 (accuracy 0.9291; recent 0.8400 on 2,000 lines vs serving v2 0.7900)".
   */
  public String describe() {
    if (recent == null) {
      return target + " v" + version + " (accuracy " + accuracy + ")";
    }
    String serving = recent.servingAccuracy() == null ? ""
        : String.format(Locale.ROOT, " vs serving %s%.4f",
            recent.servingVersion() == null ? "" : "v" + recent.servingVersion() + " ", recent.servingAccuracy());
    return String.format(Locale.ROOT, "%s v%d (accuracy %s; recent %.4f on %,d lines%s)", target, version,
        accuracy, recent.accuracy(), recent.lines(), serving);
  }
}
