package dev.weblog.operator.reconciler.stream;

import dev.weblog.common.PrometheusText;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A quantile from cumulative histogram buckets, interpolated inside the bucket it falls in, as PromQL's
 * {@code histogram_quantile} does; a quantile in the +Inf bucket is the highest finite bound.
 */
public final class HistogramQuantile {

  /** Prometheus' bucket label: every histogram's {@code _bucket} series carry it. */
  static final String LE = "le";

  private HistogramQuantile() {}

  /** A histogram's cumulative buckets in a scrape, upper bound (seconds, +Inf included) to count, summed over series. */
  public static Map<Double, Double> buckets(PrometheusText text, String histogram) {
    Map<Double, Double> buckets = new TreeMap<>();
    for (PrometheusText.Sample s : text.named(histogram + "_bucket")) {
      String le = s.label(LE);
      buckets.merge("+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value(), Double::sum);
    }
    return buckets;
  }

  /** The buckets counted between two scrapes: {@code later} minus {@code earlier}, bound by bound. */
  public static NavigableMap<Double, Double> between(Map<Double, Double> earlier, Map<Double, Double> later) {
    NavigableMap<Double, Double> out = new TreeMap<>();
    later.forEach((bound, count) -> out.put(bound, count - earlier.getOrDefault(bound, 0.0)));
    return out;
  }

  /** Null when the buckets hold no observation. */
  public static Double of(Map<Double, Double> cumulative, double q) {
    NavigableMap<Double, Double> buckets = new TreeMap<>(cumulative);
    if (buckets.isEmpty()) {
      return null;
    }
    double total = buckets.lastEntry().getValue();
    if (!(total > 0)) {
      return null;
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> b : buckets.entrySet()) {
      if (b.getValue() >= rank) {
        if (b.getKey().isInfinite()) {
          return lowerBound;
        }
        double inBucket = b.getValue() - lowerCount;
        return inBucket <= 0 ? b.getKey() : lowerBound + (b.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
      }
      lowerBound = b.getKey().isInfinite() ? lowerBound : b.getKey();
      lowerCount = b.getValue();
    }
    return lowerBound;
  }
}
