package dev.weblog.local.report;

import java.util.Locale;

/** The short summary printed on the terminal at the end of a run. */
public final class ReportTable {

  private ReportTable() {}

  public static String render(DemoReport report) {
    StringBuilder out = new StringBuilder();
    DemoReport.Ingest in = report.ingest();
    out.append(String.format(Locale.ROOT, "%nIngest     %,d lines: %,d valid, %,d quarantined (%.1f s)%n",
        in.inputLines(), in.valid(), in.quarantined(), in.seconds()));
    out.append(String.format(Locale.ROOT, "%-10s %-8s %9s %14s %16s  %s%n", "Model", "version", "accuracy",
        "Bayes-optimal", "original method", "method; classes"));
    report.models().forEach((target, m) -> out.append(String.format(Locale.ROOT,
        "%-10s %-8s %9.4f %14s %16s  %s; %s%n", target, m.version(), m.accuracy(), optional(m.bayesOptimal()),
        optional(m.originalMethodAccuracy()), m.method(), String.join(", ", m.labels()))));
    DemoReport.Stream s = report.stream();
    if (s != null) {
      out.append(String.format(Locale.ROOT,
          "Stream     %,d sent: %,d predicted, %,d quarantined, %,d duplicates; %,.0f records/s; "
              + "latency p50 %.0f ms, p99 %.0f ms%n",
          s.linesSent(), s.predicted(), s.quarantined(), s.duplicates(), s.throughputPerS(), s.latency().p50(),
          s.latency().p99()));
      s.liveAccuracy().forEach((t, a) -> out.append(String.format(Locale.ROOT,
          "           live accuracy %s %.4f%s%n", t, a, unseen(s, t))));
    }
    DemoReport.Realtime r = report.realtime();
    if (r != null) {
      out.append(String.format(Locale.ROOT,
          "Real-time  %,d lines: %,d prediction + %,d quarantine events, %,d repeats, %,d lines without one; "
              + "latency p50 %.0f ms, p99 %.0f ms (line to event in Kafka%s)%n",
          r.lines(), r.predictionEvents(), r.quarantineEvents(), r.duplicates(), r.linesWithoutEvent(),
          r.latency().p50(), r.latency().p99(), s == null ? "" : String.format(Locale.ROOT,
              "; to HDFS: p50 %.0f ms, p99 %.0f ms", s.latency().p50(), s.latency().p99())));
    }
    if (report.monitoring() != null) {
      report.monitoring().forEach((t, m) -> out.append(monitoring(t, m)));
    }
    report.outputs().forEach((k, v) -> out.append(String.format(Locale.ROOT, "%-10s %s%n", k, v)));
    return out.toString();
  }

  /**
   * "Drift      gender: detected at batch 50 (shift at batch 46), retrain promoted v2 serving from batch 96; live
   * accuracy 0.9290 before the shift, …", or the quiet version without drift.
   */
  static String monitoring(String target, DemoReport.Monitoring m) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Drift      %s: ", target));
    if (!m.driftDetected()) {
      line.append(String.format(Locale.ROOT, "none detected over %,d batches (largest PSI %s)", m.timeline().size(),
          optional(m.maxPsiBeforeShift())));
    } else {
      line.append(String.format(Locale.ROOT, "detected at batch %d%s", m.detectedAtBatch(),
          m.shiftBatch() == null ? "" : " (shift at batch " + m.shiftBatch() + ")"));
      DemoReport.Retrain r = m.retrain();
      line.append(r == null ? ", not retrained" : ", retrain " + r.outcome()
          + (m.promotedAtBatch() == null ? "" : " " + r.version() + " serving from batch " + m.promotedAtBatch()));
    }
    if (m.falseAlarms() > 0) {
      line.append(String.format(Locale.ROOT, "; %d false alarm(s) before the shift", m.falseAlarms()));
    }
    line.append(String.format(Locale.ROOT, "; live accuracy %s%s", optional(m.accuracyBeforeShift()),
        m.shiftBatch() == null ? "" : " before the shift, " + optional(m.accuracyAfterShift()) + " after it"));
    if (m.accuracyAfterPromotion() != null) {
      line.append(
          String.format(Locale.ROOT, ", %s after the promotion (%,d lines)", optional(m.accuracyAfterPromotion()),
              m.linesAfterPromotion()));
    }
    if (m.bayesOptimalAfter() != null) {
      line.append(String.format(Locale.ROOT, "; Bayes bound %s before, %s after", optional(m.bayesOptimalBefore()),
          optional(m.bayesOptimalAfter())));
    }
    return line.append(System.lineSeparator()).toString();
  }

  /** " (312 rows with a label the model never saw)" when there were any. */
  private static String unseen(DemoReport.Stream s, String target) {
    long n = s.unseenLabels().getOrDefault(target, 0L);
    return n == 0 ? "" : String.format(Locale.ROOT, " (%,d rows with a label the model never saw, counted as misses)",
        n);
  }

  private static String optional(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }
}
