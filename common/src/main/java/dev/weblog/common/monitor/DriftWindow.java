package dev.weblog.common.monitor;

import dev.weblog.common.Column;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Whether one target's model is drifting, from its batches in order: drift is {@link DriftRule#batches()} bad
 * batches in a row (see {@link DriftRule}), so a single odd batch never raises it and one good batch clears it.
 * Immutable: {@link #next} returns the window after one more batch, so the stream keeps the latest and a test can
 * replay any sequence.
 *
 * @param baselineAccuracy the model's test accuracy; null when unknown, and then accuracy is not judged
 * @param streak bad batches in a row up to now, counting only batches with enough lines
 * @param since the first batch of that streak; empty when the streak is 0
 * @param findings why the latest bad batch was bad; empty when the streak is 0
 */
public record DriftWindow(DriftRule rule, Double baselineAccuracy, int streak, OptionalLong since,
    List<Finding> findings) {

  /** What made a batch bad: a feature's shift (with the value or bin that moved most), or an accuracy drop. */
  public record Finding(Kind kind, Column feature, String value, double measured, double limit) {
    public enum Kind {
      FEATURE_SHIFT, ACCURACY_DROP
    }

    public String describe() {
      return kind == Kind.FEATURE_SHIFT
          ? String.format("%s shifted: PSI %.3f >= %.3f, most in %s", feature.columnName(), measured, limit, value)
          : String.format("accuracy %.3f is below %.3f (test accuracy less the allowed drop)", measured, limit);
    }
  }

  public DriftWindow {
    findings = List.copyOf(findings);
  }

  /** The window before any batch. */
  public static DriftWindow start(DriftRule rule, Double baselineAccuracy) {
    return new DriftWindow(rule, baselineAccuracy, 0, OptionalLong.empty(), List.of());
  }

  /** Whether the model is drifting now. */
  public boolean detected() {
    return streak >= rule.batches();
  }

  /** The findings as one line, for a log or a status. */
  public String reason() {
    return findings.stream().map(Finding::describe).collect(Collectors.joining("; "));
  }

  /** The window after {@code report}; a batch with too few lines leaves it as it is. */
  public DriftWindow next(BatchReport report) {
    if (report.lines() < rule.minLines()) {
      return this;
    }
    List<Finding> found = findings(report);
    if (found.isEmpty()) {
      return start(rule, baselineAccuracy);
    }
    return new DriftWindow(rule, baselineAccuracy, streak + 1,
        streak == 0 ? OptionalLong.of(report.batchId()) : since, found);
  }

  private List<Finding> findings(BatchReport report) {
    List<Finding> found = new ArrayList<>();
    report.features().stream()
        .filter(f -> f.psi() >= rule.psiThreshold())
        .sorted(Comparator.comparingDouble(BatchReport.FeatureDrift::psi).reversed())
        .forEach(f -> found.add(new Finding(Finding.Kind.FEATURE_SHIFT, f.column(), moved(f), f.psi(),
            rule.psiThreshold())));
    if (baselineAccuracy != null && report.accuracy() != null && report.labelled() >= rule.minLabelled()
        && report.accuracy() < baselineAccuracy - rule.accuracyDrop()) {
      found.add(new Finding(Finding.Kind.ACCURACY_DROP, null, null, report.accuracy(),
          baselineAccuracy - rule.accuracyDrop()));
    }
    return found;
  }

  /** The bin that moved most, naming an unseen value when that bin is the other-or-unseen one. */
  private static String moved(BatchReport.FeatureDrift f) {
    return f.topBin().equals(FeatureReference.Categorical.OTHER_BIN) && f.topUnseen() != null
        ? f.topBin() + ", e.g. '" + f.topUnseen() + "'"
        : f.topBin();
  }
}
