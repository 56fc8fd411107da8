package dev.weblog.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The one-line JSON the train job writes to its termination message, e.g.
 * {@code {"target":"gender","version":3,"accuracy":0.9291,"promoted":true,"current":3,"reason":"..."}}.
 */
public record TrainingResult(String target, int version, double accuracy, boolean promoted, int current,
    String reason) {

  private static final ObjectMapper JSON = new ObjectMapper();

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
          n.path("reason").asText("")));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** For conditions and events: "gender v3 (accuracy 0.9291)". */
  public String describe() {
    return target + " v" + version + " (accuracy " + accuracy + ")";
  }
}
