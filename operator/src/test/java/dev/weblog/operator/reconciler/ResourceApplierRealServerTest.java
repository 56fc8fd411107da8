package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.HdfsBuilder;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Server-side apply as the operator uses it, on a real API server (the mock answers 415 to it). */
class ResourceApplierRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  @Test
  void applyOwnsItsFieldsKeepsOthersAndAnUnchangedApplyIsNoWrite() {
    KubernetesClient client = KUBE.client();
    Harness h = new Harness(client, client, KUBE.namespace());
    WebLogPipeline p = h.create(Pipelines.minimal("ssa"));
    ResourceApplier applier = new ResourceApplier(client);

    StatefulSet first = applier.apply(HdfsBuilder.namenode(p));
    ManagedFieldsEntry ours = first.getMetadata().getManagedFields().stream()
        .filter(m -> m.getManager().equals(ResourceApplier.FIELD_MANAGER)).findFirst().orElseThrow();
    assertEquals("Apply", ours.getOperation(), "written by server-side apply");

    StatefulSet again = applier.apply(HdfsBuilder.namenode(p));
    assertEquals(first.getMetadata().getResourceVersion(), again.getMetadata().getResourceVersion(),
        "applying the same desired state again is not a write");

    // Another actor: an admin's label (its own field manager) and the controller's status.
    client.resource(new StatefulSetBuilder().withNewMetadata().withName(first.getMetadata().getName())
        .withNamespace(h.ns).addToLabels("team", "data").endMetadata().build())
        .fieldManager("kubectl-admin").serverSideApply();
    StatefulSet withStatus = client.apps().statefulSets().inNamespace(h.ns).withName(first.getMetadata().getName())
        .get();
    withStatus.setStatus(new StatefulSetStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
    client.resource(withStatus).updateStatus();

    StatefulSet afterOthers = applier.apply(HdfsBuilder.namenode(p));
    assertEquals("data", afterOthers.getMetadata().getLabels().get("team"), "another manager's field is kept");
    assertEquals(1, afterOthers.getStatus().getReadyReplicas(), "the status is not the operator's");

    StatefulSet bigger = HdfsBuilder.namenode(p);
    bigger.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
        .put("memory", new io.fabric8.kubernetes.api.model.Quantity("3Gi"));
    StatefulSet changed = applier.apply(bigger);
    assertTrue(Long.parseLong(changed.getMetadata().getResourceVersion())
        > Long.parseLong(afterOthers.getMetadata().getResourceVersion()), "a real change is written");
    assertEquals("3Gi", changed.getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
        .getRequests().get("memory").toString());
  }
}
