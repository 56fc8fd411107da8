package dev.weblog.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.networknt.schema.Schema;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.operator.support.OpenApiSchemas;
import dev.weblog.operator.support.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest in examples/ reads strictly into the Java classes and passes the CRD's rules. */
class ExamplesTest {

  static final Path EXAMPLES = Yaml.repoRoot().resolve("examples");
  static final Schema CRD_SCHEMA =
      OpenApiSchemas.load(Yaml.repoRoot().resolve("crds").resolve(CrdDriftTest.FILE), WebLogPipeline.VERSION);

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted().toList();
      assertTrue(yaml.size() >= 3, "expected the minimal, full and external examples in " + EXAMPLES);
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleReadsStrictlyAndPassesTheSchemaAndTheCelRules(Path file) throws IOException {
    WebLogPipeline p = Yaml.STRICT_YAML.readValue(Files.readString(file), WebLogPipeline.class);
    assertEquals(WebLogPipeline.KIND, p.getKind());
    assertEquals(WebLogPipeline.GROUP + "/" + WebLogPipeline.VERSION, p.getApiVersion());
    assertEquals(List.of(), OpenApiSchemas.problems(CRD_SCHEMA, Yaml.readTree(file)), file + " against the CRD");
    assertEquals(List.of(), SpecValidator.problems(p.getSpec()), file + " against the CEL rules");
  }

  @Test
  void theMinimalExampleIsEveryDefault() throws IOException {
    WebLogPipeline p = Yaml.STRICT_YAML.readValue(Files.readString(EXAMPLES.resolve("minimal.yaml")),
        WebLogPipeline.class);
    WebLogPipelineSpec spec = p.getSpec();
    assertTrue(spec.getHdfs().isManaged());
    assertTrue(spec.getKafka().isManaged());
    assertEquals(HdfsLayout.DEFAULT_BASE, spec.getHdfs().getBase());
    assertEquals(JobContract.DEFAULT_TOPIC, spec.getKafka().getTopic());
    assertEquals(JobContract.DEFAULT_PARTITIONS, spec.getKafka().getPartitions());
    assertEquals(DataSource.GENERATOR, spec.getData().getSource());
    assertEquals(List.of(TrainingTarget.AGE_GROUP, TrainingTarget.GENDER), spec.getTraining().getTargets());
    assertEquals(Algorithm.AUTO, spec.getTraining().getAlgorithm());
    assertEquals(10, spec.getTraining().getMaxDepth());
    assertEquals(JobContract.DEFAULT_TRIGGER, spec.getStreaming().getTrigger());
    assertTrue(spec.getProducer().isEnabled());
    assertEquals(Yaml.tree(new WebLogPipelineSpec()), Yaml.tree(spec));
  }

  @Test
  void aMissingSpecMeansTheDefaultsToo() throws IOException {
    WebLogPipeline p = Yaml.STRICT_YAML.readValue(
        "apiVersion: weblog.dev/v1alpha1\nkind: WebLogPipeline\nmetadata: {name: x}\n", WebLogPipeline.class);
    assertEquals(Yaml.tree(new WebLogPipelineSpec()), Yaml.tree(p.getSpec()));
  }

  @Test
  void aMisspelledFieldIsRefusedWithItsName() {
    var e = assertThrows(UnrecognizedPropertyException.class, () -> Yaml.STRICT_YAML.readValue(
        "apiVersion: weblog.dev/v1alpha1\nkind: WebLogPipeline\nmetadata: {name: x}\nspec: {hdfs: {datanode: 3}}\n",
        WebLogPipeline.class));
    assertTrue(e.getMessage().contains("datanode"), e.getMessage());
  }

  @Test
  void anInvalidManifestFailsBothTheSchemaAndTheRules() throws IOException {
    String yaml = "apiVersion: weblog.dev/v1alpha1\nkind: WebLogPipeline\nmetadata: {name: x}\n"
        + "spec: {hdfs: {mode: External}, kafka: {partitions: 0}}\n";
    assertFalse(OpenApiSchemas.problems(CRD_SCHEMA, Yaml.STRICT_YAML.readTree(yaml)).isEmpty());
    WebLogPipeline p = Yaml.STRICT_YAML.readValue(yaml, WebLogPipeline.class);
    List<String> problems = SpecValidator.problems(p.getSpec());
    assertTrue(problems.contains(Rules.HDFS_EXTERNAL_NEEDS_URI_MSG), problems.toString());
    assertTrue(problems.stream().anyMatch(s -> s.startsWith("spec.kafka.partitions is 0")), problems.toString());
  }

  @Test
  void statusRoundTripsStrictly() throws IOException {
    WebLogPipelineStatus status = new WebLogPipelineStatus();
    status.setPhase(Phase.STREAMING);
    status.setObservedGeneration(3L);
    Condition ready = new Condition();
    ready.setType(Condition.READY);
    ready.setStatus(ConditionStatus.TRUE);
    ready.setObservedGeneration(3L);
    status.getConditions().add(ready);
    ModelsStatus models = new ModelsStatus();
    ModelStatus gender = new ModelStatus();
    gender.setVersion("v2");
    gender.setAccuracy(0.93);
    models.setGender(gender);
    status.setModels(models);
    String yaml = Yaml.write(status);
    assertTrue(yaml.contains("phase: \"Streaming\"") || yaml.contains("phase: Streaming"), yaml);
    WebLogPipelineStatus back = Yaml.STRICT_YAML.readValue(yaml, WebLogPipelineStatus.class);
    assertEquals(Yaml.tree(status), Yaml.tree(back));
    assertEquals(0.93, back.getModels().getGender().getAccuracy());
  }

  @Test
  void kubectlGetShowsTheAccuracyToFourDecimalsAndTheStatusKeepsItWhole() throws IOException {
    ModelStatus m = new ModelStatus();
    m.setAccuracy(0.4738546020817966);
    assertEquals(0.4738546020817966, m.getAccuracy());
    assertEquals(0.4739, m.getDisplayAccuracy());
    ModelStatus written = Yaml.STRICT_YAML.readValue("version: v1\naccuracy: 0.91996\n", ModelStatus.class);
    assertEquals(0.92, written.getDisplayAccuracy(), "a status from before the display field gets it on read");
    ModelStatus stale = Yaml.STRICT_YAML.readValue("displayAccuracy: 0.5\naccuracy: 0.91996\n", ModelStatus.class);
    assertEquals(0.92, stale.getDisplayAccuracy(), "the display always follows the accuracy");
  }
}
