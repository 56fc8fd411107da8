package dev.weblog.local;

import dev.weblog.local.report.DemoReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Percentiles and a histogram of latencies held in memory, shaped as the stream's ({@link StreamFigures}, which
 * asks Spark): percentiles interpolated between the two nearest ranks as Spark's {@code percentile} does, and
 * buckets that span the observed range only.
 */
final class LatencySummary {

  private LatencySummary() {}

  static DemoReport.Latency of(long[] latenciesMs) {
    if (latenciesMs.length == 0) {
      return new DemoReport.Latency(0, 0, 0, List.of(), List.of());
    }
    long[] sorted = latenciesMs.clone();
    Arrays.sort(sorted);
    double low = sorted[0];
    double width = Math.max(1, Math.ceil((sorted[sorted.length - 1] - low + 1) / StreamFigures.HISTOGRAM_BUCKETS));
    long[] counts = new long[StreamFigures.HISTOGRAM_BUCKETS];
    for (long ms : sorted) {
      counts[(int) Math.min(StreamFigures.HISTOGRAM_BUCKETS - 1, Math.floor((ms - low) / width))]++;
    }
    List<Double> upper = new ArrayList<>();
    List<Long> bucketCounts = new ArrayList<>();
    for (int b = 0; b < counts.length; b++) {
      upper.add(low + (b + 1) * width);
      bucketCounts.add(counts[b]);
    }
    return new DemoReport.Latency(percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99),
        upper, bucketCounts);
  }

  /** The {@code p} percentile of sorted values, linear between the ranks around {@code p * (n - 1)}. */
  static double percentile(long[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
