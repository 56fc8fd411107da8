package dev.weblog.spark.train;

import java.util.Optional;

/**
 * Decides whether a new model version replaces the current one: its accuracy must reach a minimum and must not
 * fall below the current version's by more than a tolerance (both as fractions, 0.01 = one point). Pure.
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

  public Decision decide(double accuracy, Optional<Baseline> current) {
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
}
