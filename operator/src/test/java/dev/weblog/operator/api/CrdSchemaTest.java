package dev.weblog.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weblog.operator.support.OpenApiSchemas;
import dev.weblog.operator.support.Yaml;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated CRD is structural, has its subresource and columns, and states the rules SpecValidator mirrors. */
class CrdSchemaTest {

  /** Where unknown fields are kept on purpose; none so far (sparkConf is a typed string map). */
  static final Set<String> PRESERVE_UNKNOWN = Set.of();

  static JsonNode crd;
  static JsonNode version;

  @BeforeAll
  static void load() throws Exception {
    crd = Yaml.STRICT_YAML.readTree(CrdDriftTest.generated());
    version = crd.at("/spec/versions/0");
  }

  @Test
  void isNamespacedWithItsShortNameStatusSubresourceAndPrinterColumns() {
    assertEquals("Namespaced", crd.at("/spec/scope").asText());
    assertEquals("wlp", crd.at("/spec/names/shortNames/0").asText());
    assertEquals("v1alpha1", version.get("name").asText());
    assertTrue(version.at("/subresources/status").isObject());
    List<String> columns = new ArrayList<>();
    version.get("additionalPrinterColumns").forEach(c -> columns.add(c.get("name").asText() + "="
        + c.get("jsonPath").asText()));
    assertTrue(columns.containsAll(List.of("Phase=.status.phase", "Gender=.status.models.gender.displayAccuracy",
        "AgeGroup=.status.models.age_group.displayAccuracy", "Age=.metadata.creationTimestamp")), columns.toString());
  }

  @Test
  void schemaIsStructuralWithNoUntypedNodesOrUnknownFieldHoles() {
    List<String> problems = new ArrayList<>();
    check(version.at("/schema/openAPIV3Schema"), "", problems);
    assertEquals(List.of(), problems);
  }

  @Test
  void everyCelRuleOfTheCrdIsOneSpecValidatorMirrors() throws Exception {
    Set<String> inCrd = new TreeSet<>();
    crd.findValues("x-kubernetes-validations").forEach(list -> list.forEach(v -> inCrd.add(
        v.get("rule").asText() + " => " + v.get("message").asText())));
    Set<String> inRules = new TreeSet<>();
    for (Field f : Rules.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && !f.getName().endsWith("_MSG")) {
        inRules.add(f.get(null) + " => " + Rules.class.getField(f.getName() + "_MSG").get(null));
      }
    }
    assertEquals(inRules, inCrd);
  }

  @Test
  void theSchemaItselfRejectsBadValues() {
    var schema = OpenApiSchemas.load(Yaml.repoRoot().resolve("crds").resolve(CrdDriftTest.FILE), "v1alpha1");
    JsonNode bad = Yaml.tree(java.util.Map.of("apiVersion", "weblog.dev/v1alpha1", "kind", "WebLogPipeline",
        "spec", java.util.Map.of("hdfs", java.util.Map.of("datanodes", 0, "mode", "Sometimes"),
            "kafka", java.util.Map.of("topic", "bad topic"))));
    List<String> problems = OpenApiSchemas.problems(schema, bad);
    assertEquals(3, problems.size(), problems.toString());
  }

  private static void check(JsonNode node, String path, List<String> problems) {
    boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (preserve && !PRESERVE_UNKNOWN.contains(path)) {
      problems.add(path + " preserves unknown fields");
    }
    if (!node.has("type") && !node.path("x-kubernetes-int-or-string").asBoolean(false)) {
      problems.add(path + " has no type");
      return;
    }
    String type = node.path("type").asText();
    if (type.equals("object")) {
      boolean hasProperties = node.has("properties");
      boolean hasMap = node.has("additionalProperties");
      if (hasProperties && hasMap) {
        problems.add(path + " has both properties and additionalProperties");
      }
      if (!hasProperties && !hasMap && !preserve && !path.equals(".metadata")) {
        problems.add(path + " is an object with no fields: everything in it would be pruned");
      }
      node.path("properties").properties().forEach(e -> check(e.getValue(), path + "." + e.getKey(), problems));
      if (hasMap) {
        check(node.get("additionalProperties"), path + ".*", problems);
      }
    } else if (type.equals("array")) {
      if (!node.has("items")) {
        problems.add(path + " is an array without items");
      } else {
        check(node.get("items"), path + "[]", problems);
      }
    }
  }
}
