package dev.weblog.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the stream's drift monitoring costs (issue 32: under 5 % of the stream's drain): StreamJob draining the
 * stream stage's topic as the stream stage measures it (metrics on, scraped every 5 s), with drift monitoring (each
 * valid line counted against the serving versions' training profiles, a {@code stream/monitor/} row per batch and
 * target) against the same with {@code --no-drift-monitoring}, pair by pair. Only these two variants alternate, so
 * the ratio on/off on records/s is the share of the drain rate monitoring leaves: at least {@value #TARGET_RATIO}
 * means it costs under 5 %. Every run is checked afterwards (see {@link ProjectDrain#checkingMonitoring}), so the
 * figure cannot compare two drains that both monitor nothing.
 */
final class StreamMonitoringStage implements Stage {

  /** Issue 32's target for the ratio on/off: monitoring costs under 5 % of the drain. */
  static final double TARGET_RATIO = 0.95;

  private final StreamSetup setup;
  private final ProjectStream project;

  StreamMonitoringStage(BenchEnvironment env, StreamSetup setup, List<String> jobArgs) {
    this.setup = setup;
    this.project = new ProjectStream(env, jobArgs);
  }

  @Override
  public String id() {
    return "stream monitoring";
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
    Optional<Duration> scrape = Optional.of(StreamStage.SCRAPE);
    return List.of(ProjectDrain.checkingMonitoring(project, setup, scrape, true),
        ProjectDrain.checkingMonitoring(project, setup, scrape, false));
  }

  @Override
  public Map<String, Double> references() {
    return Map.of("topic_records", (double) setup.records(), "target_ratio_at_least", TARGET_RATIO);
  }
}
