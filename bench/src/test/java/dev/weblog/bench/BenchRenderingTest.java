package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchRenderingTest {

  private static final BenchReport REPORT = new BenchReport(Instant.parse("2026-11-24T01:00:00Z"),
      new Machine(2, 8L << 30, 3L << 30, "Linux amd64", "Vendor 17.0.1"),
      Map.of("spark", "4.1.0", "weblog", "0.1.0-SNAPSHOT"),
      new BenchReport.Settings(5_000, 0, 3, List.of("ingest", "train"), 42, List.of("--pairs", "3")),
      List.of(
          new StageResult("ingest", Figure.ROWS_PER_S, List.of(
              new VariantResult("project", Map.of(Figure.ROWS_PER_S, List.of(300.0, 100.0, 200.0))),
              new VariantResult("original", Map.of(Figure.ROWS_PER_S, List.of(100.0, 100.0, 100.0)))), Map.of()),
          new StageResult("train gender", Figure.SECONDS, List.of(
              new VariantResult("project", Map.of(Figure.SECONDS, List.of(1.0, 2.0, 4.0),
                  Figure.ACCURACY, List.of(0.93, 0.93, 0.93))),
              new VariantResult("original", Map.of(Figure.SECONDS, List.of(2.0, 2.0, 2.0),
                  Figure.ACCURACY, List.of(0.87, 0.87, 0.87)))),
              Map.of("bayes_optimal_accuracy", 0.9302), List.of(Figure.ACCURACY))));

  @Test
  void jsonHoldsSummariesPairRatiosMachineAndVersions() throws Exception {
    JsonNode json = new ObjectMapper().readTree(BenchJson.render(REPORT));
    assertEquals(2, json.at("/machine/cores").asInt());
    assertEquals(8L << 30, json.at("/machine/memory_bytes").asLong());
    assertEquals("4.1.0", json.at("/versions/spark").asText());
    assertEquals(3, json.at("/settings/pairs").asInt());
    assertEquals("--pairs 3",
        json.at("/settings/arguments/0").asText() + " " + json.at("/settings/arguments/1").asText());
    JsonNode ingest = json.at("/stages/0");
    assertEquals("rows_per_s", ingest.get("primary_figure").asText());
    assertEquals(100.0, ingest.at("/variants/project/rows_per_s/min").asDouble());
    assertEquals(200.0, ingest.at("/variants/project/rows_per_s/median").asDouble());
    assertEquals(300.0, ingest.at("/variants/project/rows_per_s/max").asDouble());
    assertEquals(3, ingest.at("/variants/project/rows_per_s/values").size());
    assertEquals(3.0, ingest.at("/ratios/project~1original/values/0").asDouble());
    assertEquals(2.0, ingest.at("/ratios/project~1original/median").asDouble());
    JsonNode train = json.at("/stages/1");
    assertEquals(0.5, train.at("/ratios/project~1original/min").asDouble(), "seconds: baseline / project");
    assertEquals(0.9302, train.at("/references/bayes_optimal_accuracy").asDouble());
    assertEquals(0.93, train.at("/variants/project/accuracy/median").asDouble());
    assertEquals(0.93 / 0.87, train.at("/ratios_by_figure/accuracy/project~1original/median").asDouble(), 1e-12);
    assertTrue(ingest.path("ratios_by_figure").isMissingNode(), "only where a stage compares another figure");
  }

  @Test
  void tableShowsEveryFigureTheRatiosAndTheReferences() {
    String table = BenchTable.render(REPORT);
    assertTrue(table.contains("2 cores, 8.0 GiB memory"), table);
    assertTrue(table.contains("spark 4.1.0, weblog 0.1.0-SNAPSHOT"), table);
    assertTrue(table.matches("(?s).*ingest +project +rows/s +100 +200 +300\\R.*"), table);
    assertTrue(table.matches("(?s).*ingest +project/original +ratio +1\\.000 +2\\.000 +3\\.000\\R.*"), table);
    assertTrue(table.matches("(?s).*train gender +project +accuracy +0\\.9300 +0\\.9300 +0\\.9300\\R.*"), table);
    assertTrue(table.matches("(?s).*train gender +project/original +ratio +0\\.500 +1\\.000 +2\\.000\\R.*"), table);
    assertTrue(table.matches("(?s).*train gender +project/original +ratio accuracy +1\\.069 +1\\.069 +1\\.069\\R.*"),
        table);
    assertTrue(table.matches("(?s).*train gender +bayes_optimal_accuracy +reference +0\\.9302\\R.*"), table);
  }
}
