package dev.weblog.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything a benchmark run produced, ready to print as a table and to write as JSON. */
public record BenchReport(Instant date, Machine machine, Map<String, String> versions, Settings settings,
    List<StageResult> stages) {

  /** How the run was asked to measure; {@code arguments}: its command line as typed, to repeat it. */
  public record Settings(long rows, int warmupPairs, int pairs, List<String> stages, long seed,
      List<String> arguments) {}

  public BenchReport {
    versions = Map.copyOf(versions);
    stages = List.copyOf(stages);
  }
}
