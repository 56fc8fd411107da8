package dev.weblog.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weblog.operator.api.DataSource;
import dev.weblog.operator.api.SpecValidator;
import dev.weblog.operator.api.TrainingTarget;
import dev.weblog.operator.api.WebLogPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files the kind run uses are checked here on every machine, docker or not. */
class KindFilesTest {

  private static final ObjectMapper STRICT_YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Path ROOT = Path.of(System.getProperty("weblog.repo.root"));

  @Test
  void e2ePipelineReadsStrictlyPassesTheRulesAndUsesTheGenerator() throws IOException {
    Path file = ROOT.resolve("e2e/kind-pipeline.yaml");
    WebLogPipeline p = STRICT_YAML.readValue(Files.readString(file), WebLogPipeline.class);
    assertEquals(List.of(), SpecValidator.problems(p.getSpec()), file + " against the operator's rules");
    assertEquals(DataSource.GENERATOR, p.getSpec().getData().getSource(), file + ": spec.data.source");
    assertEquals(List.of(TrainingTarget.AGE_GROUP, TrainingTarget.GENDER), p.getSpec().getTraining().getTargets(),
        file + ": the status must show both models' accuracy");
    assertTrue(p.getSpec().getProducer().isEnabled(), file + ": predictions need the producer");
  }

  @Test
  void scriptWaitsForTheSameNameAsTheManifest() throws IOException {
    WebLogPipeline p = STRICT_YAML.readValue(Files.readString(ROOT.resolve("e2e/kind-pipeline.yaml")),
        WebLogPipeline.class);
    String script = Files.readString(ROOT.resolve("scripts/kind-e2e.sh"));
    assertTrue(script.contains("PIPELINE=${PIPELINE:-" + p.getMetadata().getName() + "}"),
        "scripts/kind-e2e.sh must default PIPELINE to " + p.getMetadata().getName());
  }

  @Test
  void kindConfigIsAClusterWithAWorker() throws IOException {
    JsonNode config = STRICT_YAML.readTree(ROOT.resolve("kind-config.yaml").toFile());
    assertEquals("Cluster", config.path("kind").asText(), "kind-config.yaml: kind");
    assertEquals("kind.x-k8s.io/v1alpha4", config.path("apiVersion").asText(), "kind-config.yaml: apiVersion");
    assertTrue(config.path("nodes").findValuesAsText("role").contains("worker"), "kind-config.yaml: no worker node");
  }
}
