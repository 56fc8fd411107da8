package dev.weblog.spark;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A Prometheus histogram of lines' latencies that takes many lines of one latency in one call: the lines of a
 * stream's batch come as runs of equal Kafka milliseconds, and a per-line {@code Timer.record} cost more than
 * everything else the stream's metrics do together. Exposed as the classic {@code _bucket}, {@code _count} and
 * {@code _sum} series, named exactly as given (the stream's and the real-time driver's latency).
 */
public final class LatencyHistogram implements Collector {

  private final String name;
  private final String help;
  /** Upper bounds in seconds, ascending, the last {@code +Inf}. */
  private final double[] bounds;
  /** Lines per bucket, not cumulative. */
  private final AtomicLongArray counts;
  private final DoubleAdder sum = new DoubleAdder();

  /** {@code name} without a suffix, e.g. {@code weblog_stream_latency_seconds}. */
  public LatencyHistogram(String name, String help, double... boundsSeconds) {
    this.name = name;
    this.help = help;
    this.bounds = Arrays.copyOf(boundsSeconds, boundsSeconds.length + 1);
    this.bounds[boundsSeconds.length] = Double.POSITIVE_INFINITY;
    for (int i = 1; i < bounds.length; i++) {
      if (!(bounds[i] > bounds[i - 1])) {
        throw new IllegalArgumentException(name + ": bucket bounds must ascend: " + Arrays.toString(boundsSeconds));
      }
    }
    this.counts = new AtomicLongArray(bounds.length);
  }

  /** {@code lines} lines of {@code seconds} each. */
  public void record(double seconds, long lines) {
    int i = Arrays.binarySearch(bounds, seconds);
    // Not found: the insertion point, the first bound above; a bound's own value belongs to it (le).
    counts.addAndGet(i >= 0 ? i : -i - 1, lines);
    sum.add(seconds * lines);
  }

  @Override
  public String getPrometheusName() {
    return name;
  }

  @Override
  public MetricSnapshot collect() {
    long[] now = new long[bounds.length];
    for (int i = 0; i < now.length; i++) {
      now[i] = counts.get(i);
    }
    return HistogramSnapshot.builder().name(name).help(help)
        .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
            .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, now)).sum(sum.sum()).build())
        .build();
  }
}
