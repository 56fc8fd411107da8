package dev.weblog.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Latency of the real-time path under a steady load: lines sent at a set rate to a fresh topic while the variant
 * consumes it; latency per line is its prediction event's append to the predictions topic (the broker's
 * {@code LogAppendTime}) minus the line's Kafka timestamp. The first {@link StreamLatencyStage#SETTLE} of sending
 * is left out (a query's first records: task start, code generation, the sink's producer connecting).
 */
final class RealtimeLatencyStage implements Stage {

  private final BenchEnvironment env;
  private final RealtimeStage.Runner runner;
  private final String id;
  private final DoubleSupplier rate;
  private final Duration window;
  private final long seed;

  RealtimeLatencyStage(BenchEnvironment env, RealtimeStage.Runner runner, String id, DoubleSupplier rate,
      Duration window, long seed) {
    this.env = env;
    this.runner = runner;
    this.id = id;
    this.rate = rate;
    this.window = window;
    this.seed = seed;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Figure primary() {
    return Figure.LATENCY_P99_MS;
  }

  @Override
  public List<Variant> variants() {
    return List.of(new Steady("project", true), new Steady("plain-java", false));
  }

  @Override
  public Map<String, Double> references() {
    return Map.of("offered_records_per_s", rate.getAsDouble(), "window_seconds", (double) window.toSeconds());
  }

  private final class Steady implements Variant {
    private final String name;
    private final boolean project;

    Steady(String name, boolean project) {
      this.name = name;
      this.project = project;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Measurement run() throws Exception {
      double offered = rate.getAsDouble();
      long lines = Math.round(offered * (StreamLatencyStage.SETTLE.toMillis() + window.toMillis()) / 1000.0);
      String bootstrap = env.kafka().bootstrapServers();
      try (BenchTopics topics = BenchTopics.open(bootstrap);
          RealtimeEvents out = RealtimeEvents.createFresh(topics, StreamSetup.PARTITIONS)) {
        String topic = topics.createFresh("bench-rt-live", StreamSetup.PARTITIONS);
        try {
          RealtimeStage.Runner.Started running = runner.start(project, topic, out);
          long from;
          try {
            // Every task polling before the first line: what is measured is the steady state, not the start.
            LiveLines.send(bootstrap, topic, StreamSetup.PARTITIONS, StreamSetup.PARTITIONS * 10L, seed,
                LiveLines.steady(100));
            out.awaitCount(StreamSetup.PARTITIONS * 10L, RealtimeStage.TIMEOUT, name);
            from = System.currentTimeMillis() + StreamLatencyStage.SETTLE.toMillis();
            LiveLines.send(bootstrap, topic, StreamSetup.PARTITIONS, lines, seed + 1, LiveLines.steady(offered));
            out.awaitCount(StreamSetup.PARTITIONS * 10L + lines, RealtimeStage.TIMEOUT, name);
          } finally {
            running.stop();
          }
          RealtimeEvents.Latencies latencies = out.latencies(bootstrap, from);
          if (latencies.histogram().count() == 0) {
            throw new BenchFailure(id + " " + name + ": no line was sent after the settling time");
          }
          LatencyHistogram h = latencies.histogram();
          return Measurement.of(Figure.LATENCY_P99_MS, h.percentile(0.99))
              .with(Figure.LATENCY_P95_MS, h.percentile(0.95)).with(Figure.LATENCY_P50_MS, h.percentile(0.50));
        } finally {
          topics.delete(topic);
        }
      }
    }
  }
}
