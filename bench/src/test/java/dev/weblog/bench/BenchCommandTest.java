package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The benchmark command end to end at a tiny size: real HDFS and Spark, every stage, the table and the JSON. */
class BenchCommandTest {

  @TempDir
  Path work;

  @Test
  void tinyRunWritesEveryStageWithPositiveFigures() throws Exception {
    Path json = work.resolve("out/bench.json");
    StringWriter printed = new StringWriter();
    int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(printed, true))
        .execute("--stages", "ingest,train", "--rows", "5000", "--pairs", "1", "--warmup", "0",
            "--work", work.toString(), "--json", json.toString());
    System.out.print(printed);
    assertEquals(0, code, printed.toString());
    assertTrue(printed.toString().contains("project/original"), printed.toString());

    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertTrue(root.at("/machine/cores").asInt() > 0);
    assertTrue(root.at("/machine/memory_bytes").asLong() > 0);
    for (String v : new String[] {"weblog", "spark", "hadoop", "kafka", "parquet", "java"}) {
      assertTrue(!root.at("/versions/" + v).asText().isEmpty(), "version of " + v);
    }
    List<String> stages = new ArrayList<>();
    root.get("stages").forEach(s -> stages.add(s.get("stage").asText()));
    assertEquals(List.of("ingest", "train age_group", "train gender"), stages);
    assertEquals(List.of("project", "original", "plain-java"), names(root.at("/stages/0/variants")));
    for (JsonNode stage : root.get("stages")) {
      assertEquals(stage.get("variants").size() - 1, stage.get("ratios").size(), stage.toString());
      for (JsonNode summary : summaries(stage)) {
        assertEquals(1, summary.get("values").size(), summary.toString());
        for (String k : new String[] {"min", "median", "max"}) {
          assertTrue(summary.get(k).asDouble() > 0, stage.get("stage").asText() + " " + k + ": " + summary);
        }
      }
    }
    double bayes = root.at("/stages/2/references/bayes_optimal_accuracy").asDouble();
    assertTrue(bayes > 0.85 && bayes < 1, "gender's Bayes-optimal accuracy: " + bayes);
  }

  @Test
  void helpNamesTheOptions() {
    StringWriter printed = new StringWriter();
    int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(printed, true)).execute("--help");
    assertEquals(0, code);
    for (String option : new String[] {"--rows", "--pairs", "--warmup", "--stages", "--json", "--work"}) {
      assertTrue(printed.toString().contains(option), option + " in\n" + printed);
    }
  }

  @Test
  void anUnknownStageIsRefusedBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err, true))
        .execute("--stages", "ingest,nope", "--work", work.toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("unknown stage 'nope'"), err.toString());
  }

  @Test
  void aStreamJobOptionTheStreamRefusesIsNamedBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err, true))
        .execute("--stages", "stream", "--stream-args", "--no-drift-monitoring --read-ahead 0", "--work",
            work.toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("--stream-args: ") && err.toString().contains("--read-ahead"), err.toString());
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Every figure's summary of every variant, and every ratio's. */
  private static List<JsonNode> summaries(JsonNode stage) {
    List<JsonNode> all = new ArrayList<>();
    for (Map.Entry<String, JsonNode> v : stage.get("variants").properties()) {
      v.getValue().forEach(all::add);
    }
    stage.get("ratios").forEach(all::add);
    return all;
  }
}
