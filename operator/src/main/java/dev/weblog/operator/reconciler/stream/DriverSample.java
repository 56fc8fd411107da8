package dev.weblog.operator.reconciler.stream;

import dev.weblog.common.PrometheusText;
import dev.weblog.common.StreamMetricNames;
import dev.weblog.common.monitor.ModelWatch;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What one scrape of the stream driver says, in the units the status uses. Absent series stay null: a driver that
 * has not committed yet has no last commit, not one at the epoch.
 *
 * @param lag summed over the topic's partitions; null before the first progress
 * @param lastCommit null before the first committed micro-batch
 * @param lastProgress null until the query has read its topic (a batch, or an idle report)
 * @param latencyBuckets cumulative counts by upper bound (seconds), +Inf included
 * @param liveAccuracy per target, only where labelled lines have arrived
 * @param models per target: live accuracy and the drift monitor's figures
 */
public record DriverSample(Instant at, long read, long predicted, long quarantined, Long lag, Instant lastCommit,
    Instant lastProgress, Map<Double, Double> latencyBuckets, Map<String, Double> liveAccuracy,
    Map<String, ModelWatch> models) {

  public static DriverSample of(PrometheusText text, Instant at) {
    Map<Double, Double> buckets = HistogramQuantile.buckets(text, StreamMetricNames.LATENCY);
    Map<String, Double> accuracy = new TreeMap<>();
    for (PrometheusText.Sample s : text.named(StreamMetricNames.LIVE_ACCURACY)) {
      if (!Double.isNaN(s.value()) && s.label(StreamMetricNames.TARGET) != null) {
        accuracy.put(s.label(StreamMetricNames.TARGET), s.value());
      }
    }
    OptionalDouble lag = text.sum(StreamMetricNames.CONSUMER_LAG);
    return new DriverSample(at, count(text, StreamMetricNames.RECORDS_READ),
        count(text, StreamMetricNames.RECORDS_PREDICTED), count(text, StreamMetricNames.RECORDS_QUARANTINED),
        lag.isPresent() ? Math.round(lag.getAsDouble()) : null, time(text, StreamMetricNames.LAST_COMMIT),
        time(text, StreamMetricNames.LAST_PROGRESS), buckets, accuracy, ModelWatch.of(text));
  }

  /** The query has read its topic: it reached Kafka, not only started. */
  public boolean reachedSource() {
    return lastProgress != null;
  }

  private static long count(PrometheusText text, String name) {
    return Math.round(text.sum(name).orElse(0));
  }

  private static Instant time(PrometheusText text, String name) {
    OptionalDouble seconds = text.sum(name);
    if (seconds.isEmpty() || !(seconds.getAsDouble() > 0)) {
      return null;
    }
    return Instant.ofEpochMilli(Math.round(seconds.getAsDouble() * 1000));
  }
}
