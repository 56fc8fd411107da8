package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The stage's wiring without a cluster: asked for by name only, given real-time slots, its ratio beside/alone. */
class StreamBesideRealtimeStageTest {

  private static final StreamSetup SETUP = new StreamSetup("bench-stream-drain-test", 30_000, Map.of(), 42);

  @Test
  void aKnownStageLeftOutOfTheDefaultList() {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs();
    assertTrue(BenchCommand.STAGES.contains("stream-beside-realtime"));
    assertFalse(command.stages.contains("stream-beside-realtime"), command.stages.toString());
    assertEquals(0, BenchCommand.realtimeSlots(command.stages), "the default stages run no real-time job");
  }

  @Test
  void itsRealtimeJobGetsSlotsOfItsOwnAsTheRealtimeStagesDoes() {
    assertEquals(StreamSetup.PARTITIONS, BenchCommand.realtimeSlots(List.of("stream", "stream-beside-realtime")));
    assertEquals(StreamSetup.PARTITIONS, BenchCommand.realtimeSlots(List.of("realtime")));
    assertEquals(0, BenchCommand.realtimeSlots(List.of("stream", "stream-metrics")));
  }

  @Test
  void theRatioIsTheStreamsDrainRateBesideTheRealtimeJobOverAlone() throws Exception {
    Stage stage = new StreamBesideRealtimeStage(null, SETUP, new ProjectStream(null, List.of()),
        new RealtimeStage.Runner(null));
    assertEquals(Figure.RECORDS_PER_S, stage.primary());
    List<String> names = stage.variants().stream().map(Variant::name).toList();
    assertEquals(List.of("stream-beside-realtime", "stream-alone"), names);
    StageResult result = new StageResult(stage.id(), stage.primary(), List.of(
        new VariantResult(names.get(0), Map.of(Figure.RECORDS_PER_S, List.of(30_000.0),
            Figure.REALTIME_EVENTS, List.of(30_000.0))),
        new VariantResult(names.get(1), Map.of(Figure.RECORDS_PER_S, List.of(40_000.0)))), stage.references());
    JsonNode json = new ObjectMapper().readTree(BenchJson.render(new BenchReport(Instant.EPOCH,
        new Machine(2, 8L << 30, 3L << 30, "Linux amd64", "Vendor 17.0.1"), Map.of(),
        new BenchReport.Settings(20_000, 0, 1, List.of("stream-beside-realtime"), 42, List.of()), List.of(result))));
    JsonNode s = json.at("/stages/0");
    assertEquals(0.75, s.at("/ratios/stream-beside-realtime~1stream-alone/median").asDouble(), 1e-12);
    assertEquals(30_000, s.at("/variants/stream-beside-realtime/realtime_events/median").asDouble());
    assertEquals(30_000, s.at("/references/topic_records").asDouble());
  }
}
