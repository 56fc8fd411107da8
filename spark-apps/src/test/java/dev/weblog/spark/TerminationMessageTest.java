package dev.weblog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.train.TrainResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessageTest {

  @TempDir
  Path tmp;

  @Test
  void writesOnlyWhereKubernetesProvidesTheFileAndKeepsWithinItsLimit() throws Exception {
    Path absent = tmp.resolve("absent");
    TerminationMessage.write(absent, "x");
    assertFalse(Files.exists(absent), "outside Kubernetes nothing is created");

    Path log = Files.createFile(tmp.resolve("termination-log"));
    TerminationMessage.write(log, "é".repeat(5000));
    assertTrue(Files.size(log) <= TerminationMessage.MAX_BYTES, "size " + Files.size(log));
  }

  @Test
  void trainingResultIsOneLineOfJsonTheOperatorParses() throws Exception {
    ModelMetrics metrics = new ModelMetrics("gender", "v3", "decision_tree",
        new ModelMetrics.Params(List.of("product_category_id"), "categorical", "aggregated", 10, 1, 41, null, 42,
            0.3),
        List.of("0", "1"), null,
        700, 300, 0.9291, 0.929, Map.of(), new ModelMetrics.ConfusionMatrix(List.of("0", "1"), new long[2][2]), 1.2,
        "sha256:00", "/in", "now", "4.1.0", null);
    String line = new TrainResult(metrics, 3, true, "accuracy 0.9291 >= 0.2", OptionalInt.of(3))
        .terminationMessage();
    assertFalse(line.contains("\n"));
    JsonNode json = new ObjectMapper().readTree(line);
    assertEquals("gender", json.get("target").asText());
    assertEquals(3, json.get("version").asInt());
    assertEquals(0.9291, json.get("accuracy").asDouble());
    assertTrue(json.get("promoted").asBoolean());
    assertEquals(3, json.get("current").asInt());
    assertEquals("accuracy 0.9291 >= 0.2", json.get("reason").asText());
  }
}
