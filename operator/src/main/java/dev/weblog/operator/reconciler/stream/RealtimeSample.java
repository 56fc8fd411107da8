package dev.weblog.operator.reconciler.stream;

import dev.weblog.common.PrometheusText;
import dev.weblog.common.RealtimeMetricNames;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What one scrape of the real-time driver says: the events it has seen on its output topics, the lines not yet
 * scored (null until an event was seen) and its latency histogram (line's Kafka timestamp to the event's append).
 */
public record RealtimeSample(long predictionEvents, long quarantineEvents, Long lag, Instant lastEvent,
    Map<Double, Double> latencyBuckets) {

  public static RealtimeSample of(PrometheusText text) {
    OptionalDouble lag = text.sum(RealtimeMetricNames.LAG);
    OptionalDouble last = text.sum(RealtimeMetricNames.LAST_EVENT);
    return new RealtimeSample(
        Math.round(text.sum(RealtimeMetricNames.EVENTS, RealtimeMetricNames.KIND, RealtimeMetricNames.PREDICTION)
            .orElse(0)),
        Math.round(text.sum(RealtimeMetricNames.EVENTS, RealtimeMetricNames.KIND, RealtimeMetricNames.QUARANTINE)
            .orElse(0)),
        lag.isPresent() ? Math.round(lag.getAsDouble()) : null,
        last.isPresent() && last.getAsDouble() > 0 ? Instant.ofEpochMilli(Math.round(last.getAsDouble() * 1000))
            : null,
        HistogramQuantile.buckets(text, RealtimeMetricNames.LATENCY));
  }

  /**
   * The latency quantile of the events seen since {@code earlier} (a scrape of the same driver), or since the driver
   * started on its first reading; null when no event came in that time (an idle topic has no latency, and a
   * start-up backlog must not stand for it).
   */
  public Double latency(RealtimeSample earlier, double q) {
    return HistogramQuantile.of(earlier == null ? latencyBuckets
        : HistogramQuantile.between(earlier.latencyBuckets(), latencyBuckets), q);
  }
}
