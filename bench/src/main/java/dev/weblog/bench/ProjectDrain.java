package dev.weblog.bench;

import java.time.Duration;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.MetricsEndpoint;
import dev.weblog.common.Target;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * StreamJob from its start until its committed offsets reach the end of the stage's topic: records over the seconds
 * from the start to the last commit, over the busy seconds from the first batch's start to the last commit, and the
 * process's CPU time per record over the same span. With metrics, the endpoint is scraped every {@code scrape}
 * from the start, as a Prometheus would, and once more at the end for the stream's own count of what its metrics
 * cost, as a share of that CPU time. A drain made by {@link #checkingMonitoring} also proves, after the run, that
 * drift monitoring did what it was set to: with it, {@code stream/monitor/} counted every predicted line for every
 * target; without it, that table was never written.
 */
final class ProjectDrain implements Variant {

  private final ProjectStream project;
  private final StreamSetup setup;
  private final Optional<Duration> scrape;
  private final DrainRates rates;
  private final boolean driftMonitoring;
  private final boolean checkMonitoring;

  /**
   * A drain with drift monitoring on, as StreamJob runs by default, not checked.
   *
   * @param scrape the scrape period, empty for a run with {@code --no-metrics}
   * @param rates where the drain rates go for the latency stage's load, or null
   */
  ProjectDrain(ProjectStream project, StreamSetup setup, Optional<Duration> scrape, DrainRates rates) {
    this(project, setup, scrape, rates, true, false);
  }

  private ProjectDrain(ProjectStream project, StreamSetup setup, Optional<Duration> scrape, DrainRates rates,
      boolean driftMonitoring, boolean checkMonitoring) {
    this.project = project;
    this.setup = setup;
    this.scrape = scrape;
    this.rates = rates;
    this.driftMonitoring = driftMonitoring;
    this.checkMonitoring = checkMonitoring;
  }

  /**
   * A drain with drift monitoring on or off ({@code --no-drift-monitoring}), each run checked afterwards for it: a
   * {@link BenchFailure} when the monitoring table is missing or short of a target's lines with it, or present
   * without it.
   */
  static ProjectDrain checkingMonitoring(ProjectStream project, StreamSetup setup, Optional<Duration> scrape,
      boolean driftMonitoring) {
    return new ProjectDrain(project, setup, scrape, null, driftMonitoring, true);
  }

  @Override
  public String name() {
    return "project" + (scrape.isPresent() ? "" : "-no-metrics") + (driftMonitoring ? "" : "-no-monitoring");
  }

  @Override
  public Measurement run() throws Exception {
    RunCpu started = RunCpu.start();
    ProjectStream.Run run = project.start(setup.drainTopic(), scrape.isPresent(), driftMonitoring);
    try {
      long reached;
      RunCpu.Spent cpu;
      OptionalDouble metricsCpu = OptionalDouble.empty();
      try (Scraper scraper = Scraper.every(scrape.orElse(Duration.ZERO), run.metricsUrl())) {
        reached = run.awaitCommitted(setup.records());
        cpu = started.stop();
        metricsCpu = scraper.last(MetricsEndpoint.CPU_SERIES);
      } finally {
        run.stop();
      }
      long lastCommit = run.commitTimes().values().stream().mapToLong(Long::longValue).max().orElseThrow();
      long records = run.committedRecords();
      if (records != setup.records()) {
        throw new BenchFailure("stream " + name() + ": committed " + records + " records of the " + setup.records()
            + " in topic " + setup.drainTopic());
      }
      double seconds = (reached - run.startedNanos()) / 1e9;
      Measurement m = Measurement.of(Figure.RECORDS_PER_S, records / seconds).with(Figure.SECONDS, seconds)
          .with(Figure.BUSY_RECORDS_PER_S, records / ((lastCommit - run.firstBatchStartMillis()) / 1e3));
      m = cpu.addTo(m, records);
      if (metricsCpu.isPresent()) {
        m = m.with(Figure.METRICS_CPU_PERCENT, 100 * metricsCpu.getAsDouble() / (cpu.nanos() / 1e9));
      }
      if (checkMonitoring) {
        checkMonitoring(run);
      }
      if (rates != null) {
        rates.add(m.figures().get(Figure.RECORDS_PER_S));
      }
      return m;
    } finally {
      run.delete();
    }
  }

  /** After the run, before its base is deleted: did drift monitoring count what it was set to, and only then? */
  private void checkMonitoring(ProjectStream.Run run) {
    Map<String, Long> monitored = run.monitoredLines();
    if (!driftMonitoring) {
      if (!monitored.isEmpty()) {
        throw new BenchFailure("stream " + name() + ": ran with " + JobContract.OPT_NO_DRIFT_MONITORING
            + " but wrote " + run.monitorTable() + " (lines per target: " + monitored + ")");
      }
      return;
    }
    long predicted = run.predictedLines();
    for (Target t : Target.values()) {
      Long lines = monitored.get(t.id());
      if (lines == null || lines != predicted) {
        throw new BenchFailure("stream " + name() + ": drift monitoring did not count every predicted line of "
            + t.id() + ": " + run.monitorTable() + " counted " + (lines == null ? "none" : lines) + " of the "
            + predicted + " predicted (lines per target: " + monitored + "); are the models trained with their "
            + HdfsLayout.PROFILE_FILE + "?");
      }
    }
  }
}
