package dev.weblog.common.monitor;

import dev.weblog.common.PrometheusText;
import dev.weblog.common.StreamMetricNames;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one scrape of the stream driver says about the serving model of one target: live accuracy and the drift
 * monitor's figures; the operator's status and the demo's drift watch both read the driver through it. A figure the
 * driver does not report is null; a target whose version has no training profile has no drift series and is not
 * {@link #monitored()}.
 *
 * @param psi per feature, NaN dropped
 * @param streak null when the driver does not monitor the target
 * @param since when the bad streak began; null without one
 */
public record ModelWatch(Double accuracy, Double testAccuracy, Map<String, Double> psi, Double classShift,
    Integer streak, boolean detected, Instant since) {

  /** A feature and its PSI. */
  public record Feature(String name, double psi) {}

  /** Per target, every target any of the series names. */
  public static Map<String, ModelWatch> of(PrometheusText text) {
    Map<String, ModelWatch> out = new TreeMap<>();
    for (String target : targets(text)) {
      Map<String, Double> psi = new TreeMap<>();
      for (PrometheusText.Sample s : text.named(StreamMetricNames.DRIFT_PSI)) {
        if (target.equals(s.label(StreamMetricNames.TARGET)) && s.label(StreamMetricNames.FEATURE) != null
            && !Double.isNaN(s.value())) {
          psi.put(s.label(StreamMetricNames.FEATURE), s.value());
        }
      }
      Double detected = value(text, StreamMetricNames.DRIFT_DETECTED, target);
      Double streak = value(text, StreamMetricNames.DRIFT_STREAK, target);
      Double since = value(text, StreamMetricNames.DRIFT_SINCE, target);
      out.put(target, new ModelWatch(value(text, StreamMetricNames.LIVE_ACCURACY, target),
          value(text, StreamMetricNames.MODEL_TEST_ACCURACY, target), psi,
          value(text, StreamMetricNames.DRIFT_CLASS_SHIFT, target),
          streak == null ? null : (int) Math.round(streak), detected != null && detected >= 1,
          since == null || !(since > 0) ? null : Instant.ofEpochMilli(Math.round(since * 1000))));
    }
    return out;
  }

  /** The driver measures this target's drift: its version has a training profile. */
  public boolean monitored() {
    return streak != null;
  }

  /** The feature that moved most in the last batch judged. */
  public Optional<Feature> worst() {
    return psi.entrySet().stream().max(Map.Entry.comparingByValue())
        .map(e -> new Feature(e.getKey(), e.getValue()));
  }

  private static Set<String> targets(PrometheusText text) {
    Set<String> targets = new TreeSet<>();
    for (String name : new String[] {StreamMetricNames.LIVE_ACCURACY, StreamMetricNames.MODEL_TEST_ACCURACY,
        StreamMetricNames.DRIFT_DETECTED, StreamMetricNames.DRIFT_STREAK, StreamMetricNames.DRIFT_PSI}) {
      for (PrometheusText.Sample s : text.named(name)) {
        if (s.label(StreamMetricNames.TARGET) != null) {
          targets.add(s.label(StreamMetricNames.TARGET));
        }
      }
    }
    return targets;
  }

  /** The target's value of a one-series-per-target gauge; null when absent or NaN. */
  private static Double value(PrometheusText text, String name, String target) {
    for (PrometheusText.Sample s : text.named(name)) {
      if (target.equals(s.label(StreamMetricNames.TARGET))) {
        return Double.isNaN(s.value()) ? null : s.value();
      }
    }
    return null;
  }
}
