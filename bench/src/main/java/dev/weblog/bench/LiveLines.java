package dev.weblog.bench;

import dev.weblog.producer.GeneratorLineSource;
import dev.weblog.producer.Rate;
import dev.weblog.producer.ReplayOptions;
import dev.weblog.producer.ReplayProducer;
import dev.weblog.producer.ReplaySummary;

/** Generated live lines sent by the project's ReplayProducer, key = device id as the contract says. */
final class LiveLines {

  /** Rate windows this long: short enough that Kafka timestamps spread evenly over a second. */
  private static final long WINDOW_NANOS = 10_000_000L;

  private LiveLines() {}

  /** Sends {@code lines} generated lines to {@code topic} at {@code rate}, and checks every one was acknowledged. */
  static ReplaySummary send(String bootstrap, String topic, int partitions, long lines, long seed, Rate rate) {
    ReplayOptions options = ReplayOptions.defaults().withBootstrapServers(bootstrap).withTopic(topic, partitions)
        .withLimit(lines).withRate(rate);
    ReplaySummary summary = ReplayProducer.run(options, new GeneratorLineSource(lines, seed));
    if (!summary.complete() || summary.sent() != lines) {
      throw new BenchFailure("stream: sending " + lines + " generated lines to " + topic + " failed: "
          + summary.describe());
    }
    return summary;
  }

  /** A steady {@code perSecond}, granted in 10 ms windows rather than one line at a time (sleeps are coarser). */
  static Rate steady(double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("a steady rate must be positive, got " + perSecond);
    }
    long perWindow = Math.max(1, Math.round(perSecond * WINDOW_NANOS / 1e9));
    return new Rate(perWindow, Math.max(1, Math.round(perWindow * 1e9 / perSecond)));
  }
}
