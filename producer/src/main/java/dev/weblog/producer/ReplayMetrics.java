package dev.weblog.producer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;

/**
 * A replay's figures as Prometheus metrics (README, "Watching a pipeline"), read at scrape time from what the replay
 * already counts (the lines it read, its {@link DeliveryTracker}), so sending never waits for them: lines read, sent
 * (acknowledged) and failed, lines waiting for Kafka's answer, the rate asked for and when Kafka last acknowledged a
 * line.
 */
final class ReplayMetrics {

  private final LongSupplier read;
  private final DeliveryTracker tracker;
  private final Rate rate;

  private ReplayMetrics(LongSupplier read, DeliveryTracker tracker, Rate rate) {
    this.read = read;
    this.tracker = tracker;
    this.rate = rate;
  }

  /**
   * Registers the replay's meters. The gauges hold this object strongly and the counters read it, so a scrape right
   * after the replay still has its figures (Micrometer's function counters alone would hold it weakly).
   */
  static void bind(MeterRegistry registry, LongSupplier read, DeliveryTracker tracker, Rate rate) {
    ReplayMetrics m = new ReplayMetrics(read, tracker, rate);
    Gauge.builder("weblog.producer.records.waiting", m, ReplayMetrics::waiting)
        .description("Lines handed to the producer and not yet acknowledged or failed").strongReference(true)
        .register(registry);
    Gauge.builder("weblog.producer.target.rate", m, x -> x.rate.linesPerSecond()).baseUnit("records.per.second")
        .description("The rate asked for with --rate, in lines per second (+Inf: as fast as possible)")
        .strongReference(true).register(registry);
    Gauge.builder("weblog.producer.last.send.timestamp", m, x -> x.tracker.lastSentMillis() / 1000.0)
        .baseUnit("seconds").description("When Kafka last acknowledged a line, in seconds since the epoch (0 before)")
        .strongReference(true).register(registry);
    FunctionCounter.builder("weblog.producer.records.read", m, x -> x.read.getAsLong())
        .description("Lines read from the source and handed to the Kafka producer").register(registry);
    FunctionCounter.builder("weblog.producer.records.sent", m, x -> x.tracker.sent())
        .description("Lines Kafka acknowledged (acks=all)").register(registry);
    FunctionCounter.builder("weblog.producer.records.failed", m, x -> x.tracker.failed())
        .description("Lines whose send failed").register(registry);
  }

  private double waiting() {
    return Math.max(0, read.getAsLong() - tracker.sent() - tracker.failed());
  }
}
