package dev.weblog.spark.train;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a new model version replaces the current one: its accuracy must reach a minimum and must not
 * fall below the current version's by more than a tolerance (both as fractions, 0.01 = one point). When enough of
 * the most recent labelled live lines were held back, they judge in the history's place, as the world may have
 * moved away from it: a retrain that answers drift must be strictly better on them than the serving version (it is
 * there to fix what the serving model gets wrong now); any other retrain (a schedule, a spec change) must not be
 * worse on them by more than the same tolerance, so a stationary stream does not refuse half its retrains on noise.
 * Pure.
 */
public record QualityGate(double minAccuracy, double maxRegression) {

  /** Room for rounding when a retrain on the same data lands on the same accuracy. */
  private static final double EPSILON = 1e-9;

  public QualityGate {
    if (!(minAccuracy >= 0 && minAccuracy <= 1)) {
      throw new IllegalArgumentException("minimum accuracy must be within 0..1, got " + minAccuracy);
    }
    if (!(maxRegression >= 0 && maxRegression <= 1)) {
      throw new IllegalArgumentException("maximum regression must be within 0..1, got " + maxRegression);
    }
  }

  /** The promoted version to compare with; accuracy empty when its metrics cannot be read. */
  public record Baseline(int version, Optional<Double> accuracy) {}

  public record Decision(boolean promote, String reason) {}

  /**
   * Fewest held-back recent lines that judge: accuracy's standard error on n lines is sqrt(p(1-p)/n), about 2.8
   * points at p = 0.8 and n = 200, the size of the shifts a drift retrain is for; on fewer lines a verdict would
   * be mostly noise, and the history alone judges.
   */
  public static final long MIN_RECENT_LINES = 200;

  /**
   * Candidate and serving version scored on the same {@code lines} most recent labelled lines.
   *
   * @param mustImprove whether the retrain answers drift: the candidate must then be strictly better
   */
  public record RecentScores(long lines, double candidate, int servingVersion, double serving, boolean mustImprove) {

    /** Whether there are enough of them to judge by. */
    public boolean judge() {
      return lines >= MIN_RECENT_LINES;
    }
  }

  public Decision decide(double accuracy, Optional<Baseline> current) {
    return decide(accuracy, current, Optional.empty());
  }

  /** As {@link #decide(double, Optional)}, judged on {@code recent} instead of the tolerance when they can judge. */
  public Decision decide(double accuracy, Optional<Baseline> current, Optional<RecentScores> recent) {
    if (recent.isPresent() && recent.get().judge()) {
      return decideOnRecent(accuracy, current, recent.get());
    }
    if (accuracy + EPSILON < minAccuracy) {
      return new Decision(false, String.format("accuracy %.4f is below the minimum %.4f", accuracy, minAccuracy));
    }
    if (current.isEmpty()) {
      return new Decision(true, String.format("accuracy %.4f reaches the minimum %.4f and no version is promoted yet",
          accuracy, minAccuracy));
    }
    Baseline baseline = current.get();
    if (baseline.accuracy().isEmpty()) {
      return new Decision(true, String.format("accuracy %.4f reaches the minimum %.4f; current v%d has no readable "
          + "metrics to compare with", accuracy, minAccuracy, baseline.version()));
    }
    double currentAccuracy = baseline.accuracy().get();
    if (accuracy + maxRegression + EPSILON < currentAccuracy) {
      return new Decision(false, String.format("accuracy %.4f is worse than current v%d (%.4f) by more than the "
          + "tolerance %.4f", accuracy, baseline.version(), currentAccuracy, maxRegression));
    }
    return new Decision(true, String.format("accuracy %.4f reaches the minimum %.4f and is within %.4f of current "
        + "v%d (%.4f)", accuracy, minAccuracy, maxRegression, baseline.version(), currentAccuracy));
  }

  private Decision decideOnRecent(double accuracy, Optional<Baseline> current, RecentScores r) {
    String scores = String.format(Locale.ROOT, "the %,d most recent labelled lines: %.4f vs serving v%d %.4f",
        r.lines(), r.candidate(), r.servingVersion(), r.serving());
    String history = history(accuracy, current);
    if (accuracy + EPSILON < minAccuracy) {
      return new Decision(false, String.format(Locale.ROOT, "accuracy %.4f is below the minimum %.4f (on %s)",
          accuracy, minAccuracy, scores));
    }
    if (r.candidate() > r.serving() + EPSILON) {
      return new Decision(true, "better on " + scores + "; " + history);
    }
    if (r.mustImprove()) {
      return new Decision(false, (r.candidate() + EPSILON < r.serving() ? "worse on " : "no better on ") + scores
          + " (a drift retrain must improve on them); " + history);
    }
    if (r.candidate() + maxRegression + EPSILON < r.serving()) {
      return new Decision(false, "worse on " + scores + String.format(Locale.ROOT, " by more than the tolerance %.4f",
          maxRegression) + "; " + history);
    }
    return new Decision(true, String.format(Locale.ROOT, "within %.4f of the serving version on ", maxRegression)
        + scores + "; " + history);
  }

  /** The historical comparison, reported though recent lines decide. */
  private String history(double accuracy, Optional<Baseline> current) {
    String text = String.format(Locale.ROOT, "history accuracy %.4f reaches the minimum %.4f", accuracy,
        minAccuracy);
    Optional<Double> previous = current.flatMap(Baseline::accuracy);
    if (previous.isEmpty()) {
      return text;
    }
    boolean beyond = accuracy + maxRegression + EPSILON < previous.get();
    return text + String.format(Locale.ROOT, " (v%d: %.4f%s)", current.get().version(), previous.get(),
        beyond ? ", a drop beyond the tolerance " + String.format(Locale.ROOT, "%.4f", maxRegression)
            + " that recent lines overrule" : "");
  }
}
