package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.Pipelines;
import dev.weblog.operator.support.UnknownFields;
import dev.weblog.operator.support.Yaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strimzi.api.kafka.Crds;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every emitted object survives a strict YAML round trip and is accepted by the API (mock server, CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class EmittedObjectsTest {

  KubernetesClient client;

  static Stream<WebLogPipeline> pipelines() {
    return Stream.of(Pipelines.minimal(), Pipelines.full(), Pipelines.external());
  }

  @BeforeEach
  void installCrds() {
    for (CustomResourceDefinition crd : List.of(Crds.kafka(), Crds.kafkaNodePool(), Crds.kafkaTopic(),
        Crds.kafkaUser())) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void everyObjectSurvivesAStrictYamlRoundTrip(WebLogPipeline p) throws Exception {
    for (HasMetadata o : DesiredState.all(p)) {
      String what = o.getKind() + "/" + o.getMetadata().getName();
      String yaml = Yaml.write(o);
      HasMetadata back = Yaml.STRICT_YAML.readValue(yaml, o.getClass());
      assertEquals(List.of(), UnknownFields.in(back), what + " has properties its model does not know");
      assertEquals(Yaml.tree(o), Yaml.tree(back), what + " changed in a round trip");
      assertEquals(o, back, what);
    }
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void everyObjectIsAcceptedByTheApiServerUnderAUniqueName(WebLogPipeline p) {
    Set<String> seen = new HashSet<>();
    for (HasMetadata o : DesiredState.all(p)) {
      String key = o.getApiVersion() + "/" + o.getKind() + "/" + o.getMetadata().getName();
      assertTrue(seen.add(key), "two objects named " + key);
      client.resource(o).inNamespace(Pipelines.NAMESPACE).create();
      GenericKubernetesResource stored = client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(o.getClass()))
          .inNamespace(Pipelines.NAMESPACE).withName(o.getMetadata().getName()).get();
      assertNotNull(stored, key + " was not stored");
      JsonNode sent = Yaml.tree(o);
      JsonNode kept = Yaml.tree(stored);
      assertEquals(sent.get("spec"), kept.get("spec"), key + " spec");
      assertEquals(sent.get("data"), kept.get("data"), key + " data");
      assertEquals(sent.at("/metadata/ownerReferences"), kept.at("/metadata/ownerReferences"), key);
    }
  }
}
