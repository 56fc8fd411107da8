package dev.weblog.spark.realtime;

import dev.weblog.common.PredictionEvent;
import dev.weblog.common.RealtimeMetricNames;
import dev.weblog.common.Target;
import dev.weblog.spark.LatencyHistogram;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * The real-time driver's figures as Prometheus metrics ({@link RealtimeMetricNames}), from the events it reads back
 * from its output topics ({@link EventTail}): events by kind, each event's latency (its line's Kafka timestamp to
 * its own), the lag per input partition, when the last event was seen; and the model versions the driver publishes.
 */
final class RealtimeMetrics {

  /** Milliseconds to seconds: a real-time event takes a few milliseconds, a backlog or a stall seconds. */
  private static final double[] LATENCY_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private final MeterRegistry registry;
  private final Counter predictions;
  private final Counter quarantined;
  private final LatencyHistogram latency;
  private final AtomicLong lastEventMillis = new AtomicLong();
  private final Map<Integer, AtomicLong> lag = new ConcurrentHashMap<>();

  /** @param published the version of each target the driver publishes now */
  RealtimeMetrics(MeterRegistry registry, ToIntFunction<Target> published) {
    this.registry = registry;
    predictions = events(RealtimeMetricNames.PREDICTION, "Prediction events seen on the predictions topic since "
        + "this driver started");
    quarantined = events(RealtimeMetricNames.QUARANTINE, "Quarantine events seen on the quarantine topic since "
        + "this driver started");
    latency = new LatencyHistogram(RealtimeMetricNames.LATENCY, "An event's line's Kafka timestamp to the event's "
        + "own Kafka timestamp in its output topic", LATENCY_BOUNDS);
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      prometheus.getPrometheusRegistry().register(latency);
    }
    Gauge.builder("weblog.realtime.last.event.timestamp", lastEventMillis, t -> t.get() / 1000.0).baseUnit("seconds")
        .description("When the driver last saw an event on its output topics, in seconds since the epoch (0 before "
            + "the first)")
        .register(registry);
    for (Target target : Target.values()) {
      Gauge.builder("weblog.realtime.model.version", () -> published.applyAsInt(target)).tag("target", target.id())
          .description("The model version (the N of vN) the driver publishes to the executors, which score with "
              + "it within one refresh interval")
          .register(registry);
    }
  }

  private Counter events(String kind, String description) {
    return Counter.builder("weblog.realtime.events").tag(RealtimeMetricNames.KIND, kind).description(description)
        .register(registry);
  }

  /** An event seen at {@code seenAtMillis}, with its latency when it has one ({@link #latencySeconds}). */
  void event(boolean prediction, OptionalDouble latencySeconds, long seenAtMillis) {
    (prediction ? predictions : quarantined).increment();
    latencySeconds.ifPresent(s -> latency.record(s, 1));
    lastEventMillis.set(seenAtMillis);
  }

  /** The lag of each input partition known so far ({@link InputLag#lag}). */
  void lag(Map<Integer, Long> byPartition) {
    byPartition.forEach((partition, records) -> lag.computeIfAbsent(partition, p -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("weblog.realtime.lag", value, AtomicLong::get).baseUnit("records")
          .description("The input partition's end offset minus the newest offset of it seen in an event, plus one")
          .tag(RealtimeMetricNames.PARTITION, Integer.toString(p)).register(registry);
      return value;
    }).set(records));
  }

  /**
   * Seconds from the line's Kafka timestamp to the event's, never negative (the clocks of the producer of the line
   * and of the event's broker or producer may differ); empty when the line had no timestamp.
   */
  static OptionalDouble latencySeconds(PredictionEvent.Source source, long eventTimestampMs) {
    if (source.timestampMs() < 0 || eventTimestampMs < 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.max(0, eventTimestampMs - source.timestampMs()) / 1000.0);
  }
}
