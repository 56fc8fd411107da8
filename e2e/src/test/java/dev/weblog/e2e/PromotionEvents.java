package dev.weblog.e2e;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's {@code ModelPromoted} Events read back: each promotion of a target's version must be told once. A
 * reconcile that read a stale copy of the status (before its own last write) once promoted the same version again,
 * so {@code kubectl describe} showed two promotions where there was one.
 */
final class PromotionEvents {

  static final String REASON = "ModelPromoted";
  /** The message's start, as {@code TrainStep} writes it: "promoted gender v2 (accuracy ...". */
  private static final Pattern PROMOTED = Pattern.compile("^promoted (\\S+) v(\\d+) ");

  private PromotionEvents() {}

  /** How many Events name each promotion, keyed "target vN"; messages of another shape are keyed by themselves. */
  static Map<String, Integer> count(List<String> messages) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String m : messages) {
      counts.merge(promotion(m).orElse(m), 1, Integer::sum);
    }
    return counts;
  }

  /** "target vN" of a promotion message. */
  static Optional<String> promotion(String message) {
    Matcher m = PROMOTED.matcher(message);
    return m.find() ? Optional.of(m.group(1) + " v" + m.group(2)) : Optional.empty();
  }

  /** The promotions told more than once, with their counts; empty when each was told once. */
  static Map<String, Integer> repeated(Map<String, Integer> counts) {
    Map<String, Integer> repeated = new TreeMap<>(counts);
    repeated.values().removeIf(n -> n == 1);
    return repeated;
  }
}
