package dev.weblog.bench;

/**
 * Latencies counted per whole millisecond, so millions of records cost a fixed array and the percentiles are exact
 * to the millisecond; anything beyond {@link #MAX_MS} counts as {@code MAX_MS}. Not thread-safe: one per thread,
 * then {@link #addAll}.
 */
final class LatencyHistogram {

  /** Ten minutes: a stream that far behind has failed the measurement anyway. */
  static final int MAX_MS = 600_000;

  private final long[] counts = new long[MAX_MS + 1];
  private long total;

  /** Counts {@code n} records that took {@code ms}; a negative value (clocks a millisecond apart) counts as 0. */
  void add(long ms, long n) {
    if (n < 0) {
      throw new IllegalArgumentException("a latency count must be 0 or more, got " + n);
    }
    counts[(int) Math.max(0, Math.min(MAX_MS, ms))] += n;
    total += n;
  }

  void addAll(LatencyHistogram other) {
    for (int ms = 0; ms <= MAX_MS; ms++) {
      counts[ms] += other.counts[ms];
    }
    total += other.total;
  }

  long count() {
    return total;
  }

  /** The nearest-rank percentile: the smallest latency that at least {@code p} of the records did not exceed. */
  double percentile(double p) {
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException("a percentile is in (0, 1], got " + p);
    }
    if (total == 0) {
      throw new IllegalStateException("no latencies were counted");
    }
    long rank = (long) Math.ceil(p * total);
    long seen = 0;
    for (int ms = 0; ms <= MAX_MS; ms++) {
      seen += counts[ms];
      if (seen >= rank) {
        return ms;
      }
    }
    return MAX_MS;
  }
}
