package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.OpenApiSchemas;
import dev.weblog.operator.support.Pipelines;
import dev.weblog.operator.support.PlacedPipelines;
import dev.weblog.operator.support.Yaml;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a real Strimzi 0.49.1 accepts: its published CRD schemas, kept under src/test/resources/strimzi-0.49.1. */
class StrimziSchemaTest {

  private static final Path SCHEMAS = Yaml.repoRoot().resolve("operator/src/test/resources/strimzi-0.49.1");

  static Stream<WebLogPipeline> pipelines() {
    // The placed pipeline puts affinity, tolerations and a priority class into Strimzi's pod templates.
    return Stream.of(Pipelines.minimal(), Pipelines.full(), Pipelines.plainKafka(), PlacedPipelines.full());
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void everyStrimziObjectValidatesAgainstTheSchemaOfTheVersionItCarries(WebLogPipeline p) {
    for (HasMetadata o : KafkaBuilder.build(p)) {
      String version = o.getApiVersion().substring(o.getApiVersion().indexOf('/') + 1);
      assertEquals(List.of(), OpenApiSchemas.problems(schema(o.getKind(), version), Yaml.tree(o)),
          o.getKind() + " " + version);
    }
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void theV1beta2ClusterObjectsAreAlsoValidV1SoUpgradingTheApiModuleIsEnough(WebLogPipeline p) {
    for (HasMetadata o : List.of(KafkaBuilder.kafka(p), KafkaBuilder.nodePool(p))) {
      ObjectNode asV1 = (ObjectNode) Yaml.tree(o);
      asV1.put("apiVersion", "kafka.strimzi.io/v1");
      assertEquals(List.of(), OpenApiSchemas.problems(schema(o.getKind(), "v1"), asV1), o.getKind() + " as v1");
    }
  }

  @Test
  void theSecuredDefaultEmitsAUserPerClientAndTheClusterWithTheirListenerAndAuthorizer() {
    List<String> kinds = KafkaBuilder.build(Pipelines.minimal()).stream().map(HasMetadata::getKind).toList();
    assertEquals(List.of("KafkaNodePool", "Kafka", "KafkaTopic", "KafkaUser", "KafkaUser"), kinds,
        "the loop above validated these");
    JsonNode kafka = Yaml.tree(KafkaBuilder.kafka(Pipelines.minimal()));
    assertEquals("scram-sha-512", kafka.at("/spec/kafka/listeners/0/authentication/type").asText());
    assertEquals("simple", kafka.at("/spec/kafka/authorization/type").asText());
  }

  @Test
  void theSchemaCheckRejectsWhatStrimziWouldReject() {
    ObjectNode pool = (ObjectNode) Yaml.tree(KafkaBuilder.nodePool(Pipelines.minimal()));
    ((ObjectNode) pool.get("spec")).remove("roles");
    ((ObjectNode) pool.get("spec")).put("replicas", "three");
    JsonNode checked = pool;
    assertFalse(OpenApiSchemas.problems(schema("KafkaNodePool", "v1beta2"), checked).isEmpty());
    ObjectNode user = (ObjectNode) Yaml.tree(KafkaBuilder.users(Pipelines.minimal()).get(0));
    ((ObjectNode) user.at("/spec/authorization/acls/0")).put("type", "maybe");
    ((ObjectNode) user.at("/spec/authentication")).put("type", "plain");
    assertEquals(2, OpenApiSchemas.problems(schema("KafkaUser", "v1"), user).size());
  }

  private static Schema schema(String kind, String version) {
    String file = switch (kind) {
      case "Kafka" -> "040-Crd-kafka.yaml";
      case "KafkaTopic" -> "043-Crd-kafkatopic.yaml";
      case "KafkaUser" -> "044-Crd-kafkauser.yaml";
      case "KafkaNodePool" -> "045-Crd-kafkanodepool.yaml";
      default -> throw new AssertionError("no Strimzi schema for " + kind);
    };
    return OpenApiSchemas.load(SCHEMAS.resolve(file), version);
  }
}
