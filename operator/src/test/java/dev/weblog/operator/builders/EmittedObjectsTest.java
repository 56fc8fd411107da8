package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.reconciler.ResourceApplier;
import dev.weblog.operator.reconciler.ServerCompatibility;
import dev.weblog.operator.support.JsonSubset;
import dev.weblog.operator.support.Pipelines;
import dev.weblog.operator.support.UnknownFields;
import dev.weblog.operator.support.Yaml;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every emitted object survives a strict YAML round trip, and a real API server takes it by server-side apply
 * (the operator's way of writing) and keeps what was sent: the server's validation of StatefulSets, Jobs, pods and
 * Strimzi's published CRD schemas is the test.
 */
class EmittedObjectsTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static Stream<WebLogPipeline> pipelines() {
    return Stream.of(Pipelines.minimal(), Pipelines.full(), Pipelines.external());
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
  void everyObjectIsAppliedByTheApiServerUnderAUniqueNameAndKeptAsSent(WebLogPipeline spec) {
    KubernetesClient client = KUBE.client();
    spec.getMetadata().setUid(null);
    spec.getMetadata().setNamespace(KUBE.namespace());
    // The real owner: the garbage collector deletes children whose owner does not exist.
    WebLogPipeline p = client.resource(spec).create();
    ResourceApplier applier = new ResourceApplier(client);
    int minor = ServerCompatibility.minor(client.getKubernetesVersion());
    int budgets = 0;
    Set<String> seen = new HashSet<>();
    for (HasMetadata o : DesiredState.all(p)) {
      String key = o.getApiVersion() + "/" + o.getKind() + "/" + o.getMetadata().getName();
      assertTrue(seen.add(key), "two objects named " + key);
      HasMetadata sent = ServerCompatibility.forServer(o, minor);
      HasMetadata stored = applier.apply(o);
      assertNotNull(stored, key + " was not stored");
      JsonSubset.assertKept(Yaml.tree(sent).get("spec"), Yaml.tree(stored).get("spec"), key + " spec");
      JsonSubset.assertKept(Yaml.tree(sent).get("data"), Yaml.tree(stored).get("data"), key + " data");
      assertEquals(Yaml.tree(o).at("/metadata/ownerReferences"), Yaml.tree(stored).at("/metadata/ownerReferences"),
          key);
      if (o.getKind().equals("PodDisruptionBudget")) {
        budgets++;
        assertEquals(minor < ServerCompatibility.DISRUPTION_BUDGET_V1_SINCE ? "policy/v1beta1" : "policy/v1",
            stored.getApiVersion(), key + " on a 1." + minor + " server");
      }
    }
    assertEquals(p.getSpec().getHdfs().isManaged() ? 1 : 0, budgets, "one budget for a managed HDFS");
  }
}
