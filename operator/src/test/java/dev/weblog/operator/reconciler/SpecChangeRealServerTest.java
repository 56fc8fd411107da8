package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.api.WebLogPipelineSpec;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.reconciler.SpecChange.Action;
import dev.weblog.operator.support.PipelineObjects;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the SpecChange table on a real API server, which refuses what the mock took (immutable StatefulSet
 * fields, selectors, claim templates): a change the table allows applies cleanly to a Ready pipeline; a change it
 * refuses is refused before any write (every child keeps its resourceVersion), or by the server itself.
 */
class SpecChangeRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.weblog.operator.reconciler.SpecChangeTest#table")
  void eachRowAppliesCleanlyOrIsRefusedBeforeAnyWrite(String name, Consumer<WebLogPipelineSpec> change,
      Set<Action> expected, String inMessage) {
    KubernetesClient client = KUBE.client();
    Harness h = new Harness(client, client, KUBE.namespace());
    h.create(Pipelines.minimal("change"));
    h.toReady("change");
    Map<String, String> before = children(h);
    try {
      h.update("change", p -> change.accept(p.getSpec()));
    } catch (KubernetesClientException e) {
      assertTrue(expected.contains(Action.REFUSE), name + ": the server refused an allowed change: " + e.getMessage());
      assertEquals(422, e.getCode(), e.getMessage());
      assertEquals(before, children(h), name);
      return;
    }
    // Two rounds: the one that acts on the change and one that observes its result.
    WebLogPipeline p = h.reconcile("change");
    p = h.reconcile("change");
    Condition ready = Harness.condition(p, Condition.READY);
    if (expected.contains(Action.REFUSE)) {
      // A refused change can also make the spec invalid (kafka.mode External without its Secrets): refused too.
      assertTrue(Set.of("SpecChangeRefused", "InvalidSpec").contains(ready.getReason()), ready.getMessage());
      assertEquals(before, children(h), name + ": a refused change writes nothing");
    } else {
      assertNotEquals("ReconcileError", ready.getReason(), ready.getMessage());
      if (!expected.equals(Set.of(Action.NONE))) {
        assertNotEquals(before, children(h), name + ": an allowed change acts on the cluster");
      }
    }
  }

  /** The pipeline's children with their resourceVersions; a namespace's default ServiceAccount is not one. */
  private static Map<String, String> children(Harness h) {
    Map<String, String> all = PipelineObjects.versions(h.client, h.ns);
    all.keySet().removeIf(k -> k.equals("ServiceAccount/default"));
    return all;
  }
}
