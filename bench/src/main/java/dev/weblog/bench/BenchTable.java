package dev.weblog.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The report as a fixed-width table for a terminal, with the machine and versions it was measured on. */
public final class BenchTable {

  private static final String ROW = "%-16s %-22s %-16s %12s %12s %12s";

  private BenchTable() {}

  public static String render(BenchReport r) {
    StringBuilder sb = new StringBuilder();
    Machine m = r.machine();
    sb.append(String.format(Locale.ROOT, "weblog bench, %s: %d cores, %.1f GiB memory (heap %.1f GiB), %s, %s%n",
        r.date(), m.cores(), m.memoryBytes() / (double) (1L << 30), m.maxHeapBytes() / (double) (1L << 30), m.os(),
        m.java()));
    StringBuilder versions = new StringBuilder();
    new TreeMap<>(r.versions()).forEach((k, v) -> versions.append(versions.length() == 0 ? "" : ", ")
        .append(k).append(' ').append(v));
    sb.append("versions: ").append(versions).append(System.lineSeparator());
    BenchReport.Settings s = r.settings();
    sb.append(String.format(Locale.ROOT, "%,d rows, %d measured pair(s) after %d warm-up pair(s), variants "
        + "alternated A B, B A, A B …%n%n", s.rows(), s.pairs(), s.warmupPairs()));
    sb.append(row("stage", "variant", "figure", "min", "median", "max"));
    for (StageResult stage : r.stages()) {
      for (VariantResult v : stage.variants()) {
        for (Map.Entry<Figure, List<Double>> e : v.values().entrySet()) {
          Summary sum = Summary.of(e.getValue());
          sb.append(row(stage.stage(), v.name(), e.getKey().label(),
              format(e.getKey(), sum.min()), format(e.getKey(), sum.median()), format(e.getKey(), sum.max())));
        }
      }
      for (StageResult.Ratio ratio : stage.allRatios()) {
        Summary sum = Summary.of(ratio.pairs());
        sb.append(row(stage.stage(), stage.project().name() + "/" + ratio.baseline(),
            ratio.figure() == stage.primary() ? "ratio" : "ratio " + ratio.figure().label(), ratio(sum.min()),
            ratio(sum.median()), ratio(sum.max())));
      }
      stage.references().forEach((name, value) -> sb.append(row(stage.stage(), name,
          "reference", "", String.format(Locale.ROOT, "%.4f", value), "")));
    }
    sb.append(System.lineSeparator())
        .append("ratio: the project against each baseline on the stage's main figure (and on "
            + "another where named), pair by pair; above 1 means the project did better (for lower-is-better "
            + "figures such as seconds and latency: baseline / project)")
        .append(System.lineSeparator());
    return sb.toString();
  }

  /** A table row without the padding of empty trailing columns. */
  private static String row(Object... cells) {
    return String.format(Locale.ROOT, ROW, cells).stripTrailing() + System.lineSeparator();
  }

  /** One run's figures on one line, for the progress output. */
  static String figures(Measurement m) {
    StringBuilder sb = new StringBuilder();
    m.figures().forEach((f, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(format(f, v)).append(' ')
        .append(f.label()));
    return sb.toString();
  }

  static String format(Figure f, double v) {
    return switch (f) {
      case ROWS_PER_S, RECORDS_PER_S, PEAK_RSS_MB, REALTIME_EVENTS -> String.format(Locale.ROOT, "%,.0f", v);
      case BUSY_RECORDS_PER_S, LATENCY_P50_MS, LATENCY_P95_MS, LATENCY_P99_MS ->
          String.format(Locale.ROOT, "%,.0f", v);
      case MB_PER_S -> String.format(Locale.ROOT, "%.1f", v);
      case SECONDS -> String.format(Locale.ROOT, "%.2f", v);
      case JIT_CPU_PERCENT -> String.format(Locale.ROOT, "%.1f", v);
      case ACCURACY -> String.format(Locale.ROOT, "%.4f", v);
      case CPU_US_PER_RECORD, METRICS_CPU_PERCENT -> String.format(Locale.ROOT, "%.3f", v);
    };
  }

  private static String ratio(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
