package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.reconciler.ResourceApplier;
import dev.weblog.operator.reconciler.ServerCompatibility;
import dev.weblog.operator.support.JsonSubset;
import dev.weblog.operator.support.PlacedPipelines;
import dev.weblog.operator.support.Yaml;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a placement on every component, every emitted object, and the executor pod spark-kubernetes builds from our
 * template, is taken by a real API server (its validation of pod scheduling fields, Strimzi's published schemas,
 * the Priority admission plugin) and kept as sent.
 */
class PlacementEmittedRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  @Test
  void everyPlacedObjectAndTheExecutorPodAreKeptAsSent(@TempDir Path tmp) throws Exception {
    KubernetesClient client = KUBE.client();
    WebLogPipeline spec = PlacedPipelines.full();
    for (var priorityClass : PlacedPipelines.priorityClasses(spec)) {
      try {
        client.resource(priorityClass).create();
      } catch (KubernetesClientException e) {
        assertEquals(409, e.getCode(), "another test made it already: " + e.getMessage());
      }
    }
    spec.getMetadata().setUid(null);
    spec.getMetadata().setNamespace(KUBE.namespace());
    WebLogPipeline p = client.resource(spec).create();
    ResourceApplier applier = new ResourceApplier(client);
    int minor = ServerCompatibility.minor(client.getKubernetesVersion());
    for (HasMetadata o : DesiredState.all(p)) {
      String key = o.getKind() + "/" + o.getMetadata().getName();
      HasMetadata stored = applier.apply(o);
      assertNotNull(stored, key + " was not stored");
      JsonSubset.assertKept(Yaml.tree(ServerCompatibility.forServer(o, minor)).get("spec"),
          Yaml.tree(stored).get("spec"), key + " spec");
    }
    try (KubernetesClient offline = new KubernetesClientBuilder().build()) {
      SparkApp stream = SparkAppBuilder.build(p, SparkStage.stream(), 1);
      Pod built = EmittedPods.executor(stream, tmp, offline);
      Pod executor = new PodBuilder(built).editMetadata().withNamespace(p.getMetadata().getNamespace()).endMetadata()
          .build();
      Pod stored = client.resource(executor).create();
      JsonSubset.assertKept(Yaml.tree(executor).get("spec"), Yaml.tree(stored).get("spec"), "executor pod spec");
      assertEquals("weblog-sparkexecutors", stored.getSpec().getPriorityClassName());
      assertEquals(1000, stored.getSpec().getPriority(), "the Priority plugin resolved the executors' class");
    }
  }
}
