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
    report.outputs().forEach((k, v) -> out.append(String.format(Locale.ROOT, "%-10s %s%n", k, v)));
    return out.toString();
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
