package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The stage's wiring without a cluster: in the default list, monitoring on as the project and off as the baseline,
 * its ratio on/off on records/s and CPU per record, issue 32's target beside it. The drains themselves, with the
 * check that each run monitored as set, run in the smoke run of the README (they need the stream's cluster).
 */
class StreamMonitoringStageTest {

  private static final StreamSetup SETUP = new StreamSetup("bench-stream-drain-test", 30_000, Map.of(), 42);

  @Test
  void aKnownStageInTheDefaultListAfterTheMetricsStage() {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs();
    assertTrue(BenchCommand.STAGES.contains("stream-monitoring"));
    assertEquals(command.stages.indexOf("stream-metrics") + 1, command.stages.indexOf("stream-monitoring"),
        command.stages.toString());
    assertEquals(0, BenchCommand.realtimeSlots(List.of("stream-monitoring")), "no real-time job");
  }

  @Test
  void monitoringOnIsTheProjectAndOffTheBaselineAsNamed() {
    Stage stage = new StreamMonitoringStage(null, SETUP, List.of());
    assertEquals("stream monitoring", stage.id());
    assertEquals(Figure.RECORDS_PER_S, stage.primary());
    assertEquals(List.of(Figure.CPU_US_PER_RECORD), stage.alsoCompared());
    assertEquals(List.of("project", "project-no-monitoring"), stage.variants().stream().map(Variant::name).toList());
    assertEquals(Map.of("topic_records", 30_000.0, "target_ratio_at_least", 0.95), stage.references());
    // The other stages' drains keep their names.
    assertEquals("project-no-metrics", new ProjectDrain(null, SETUP, java.util.Optional.empty(), null).name());
  }

  @Test
  void theRatioIsTheDrainRateWithMonitoringOverWithoutPairByPair() throws Exception {
    Stage stage = new StreamMonitoringStage(null, SETUP, List.of());
    StageResult result = new StageResult(stage.id(), stage.primary(), List.of(
        new VariantResult("project", Map.of(Figure.RECORDS_PER_S, List.of(96_000.0, 90_000.0),
            Figure.CPU_US_PER_RECORD, List.of(10.5, 11.0))),
        new VariantResult("project-no-monitoring", Map.of(Figure.RECORDS_PER_S, List.of(100_000.0, 100_000.0),
            Figure.CPU_US_PER_RECORD, List.of(10.0, 10.0)))),
        stage.references(), stage.alsoCompared());
    JsonNode json = new ObjectMapper().readTree(BenchJson.render(new BenchReport(Instant.EPOCH,
        new Machine(2, 8L << 30, 3L << 30, "Linux amd64", "Vendor 17.0.1"), Map.of(),
        new BenchReport.Settings(20_000, 0, 2, List.of("stream-monitoring"), 42, List.of()), List.of(result))));
    JsonNode s = json.at("/stages/0");
    JsonNode ratio = s.at("/ratios/project~1project-no-monitoring");
    assertEquals(0.90, ratio.get("min").asDouble(), 1e-12);
    assertEquals(0.93, ratio.get("median").asDouble(), 1e-12);
    assertEquals(0.96, ratio.get("max").asDouble(), 1e-12);
    assertEquals(1 / 1.1, s.at("/ratios_by_figure/cpu_us_per_record/project~1project-no-monitoring/min").asDouble(),
        1e-12);
    assertEquals(0.95, s.at("/references/target_ratio_at_least").asDouble());
  }
}
