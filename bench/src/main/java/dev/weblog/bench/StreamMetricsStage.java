package dev.weblog.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the stream's metrics cost: StreamJob draining the stream stage's topic with its metrics (counted in the
 * tasks, recorded per batch, served and scraped every second, far more often than a Prometheus would) against the
 * same with {@code --no-metrics}, pair by pair, on the drain rate and on the process's CPU time per record. Only
 * the two project variants alternate here, so nothing else's run sits between them.
 */
final class StreamMetricsStage implements Stage {

  private static final Duration SCRAPE = Duration.ofSeconds(1);

  private final StreamSetup setup;
  private final ProjectStream project;

  StreamMetricsStage(BenchEnvironment env, StreamSetup setup, List<String> jobArgs) {
    this.setup = setup;
    this.project = new ProjectStream(env, jobArgs);
  }

  @Override
  public String id() {
    return "stream metrics";
  }

  @Override
  public Figure primary() {
    return Figure.RECORDS_PER_S;
  }

  @Override
  public List<Figure> alsoCompared() {
    return List.of(Figure.CPU_US_PER_RECORD);
  }

  @Override
  public List<Variant> variants() {
    return List.of(new ProjectDrain(project, setup, Optional.of(SCRAPE), null),
        new ProjectDrain(project, setup, Optional.empty(), null));
  }

  @Override
  public Map<String, Double> references() {
    return Map.of("topic_records", (double) setup.records(), "scrape_period_seconds", (double) SCRAPE.toSeconds());
  }
}
