package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upgrade as a user makes it, on the real API server: a pipeline stored under the previous release's CRD
 * (test resources {@code previous-release/}: the CRD and examples/full.yaml of commit fb7a68e, version 0.1.0) is
 * reconciled by this release's operator while the old CRD is still installed (helm upgrade leaves CRDs alone),
 * then the CRD is replaced as the README says. The pipeline stays Ready and nothing it runs is rewritten or
 * restarted. The server is this class's own: the test swaps the CRD under it.
 */
class PreviousReleaseRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.dedicated();

  static final String PREVIOUS = "/previous-release/";
  static final String CRD_NAME = "weblogpipelines.weblog.dev";

  KubernetesClient client;
  Harness h;
  CustomResourceDefinition current;

  @BeforeEach
  void setUp() {
    client = KUBE.client();
    h = new Harness(client, client, KUBE.namespace());
    current = client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get();
  }

  @AfterEach
  void restoreTheCurrentCrd() {
    replaceCrd(current);
  }

  @Test
  void aPipelineOfThePreviousReleaseStaysReadyThroughTheOperatorUpgradeAndTheCrdUpgrade() {
    replaceCrd(read("weblogpipelines.weblog.dev-v1.yml", CustomResourceDefinition.class));
    GenericKubernetesResource old = read("full.yaml", GenericKubernetesResource.class);
    old.getMetadata().setNamespace(h.ns);
    client.resource(old).create();
    String name = old.getMetadata().getName();

    // The new operator under the old CRD: status fields the old schema lacks are pruned on each write.
    WebLogPipeline ready = h.toReady(name);
    String stream = driver(ready, SparkStage.stream(), 1);
    String streamUid = h.pod(stream).getMetadata().getUid();
    Map<String, String> before = versions();

    h.update(name, q -> q.getSpec().setSuspend(true));
    assertFalse(h.get(name).getSpec().isSuspend(), "the old CRD prunes a field it lacks: the README's upgrade "
        + "replaces the CRD first");

    replaceCrd(current);
    WebLogPipeline p = h.reconcile(name);
    p = h.reconcile(name);
    Condition readyCondition = condition(p, Condition.READY);
    assertEquals(ConditionStatus.TRUE, readyCondition.getStatus(), readyCondition.getMessage());
    assertFalse(p.getSpec().isSuspend(), "a field the old CRD lacked reads as its default");
    assertEquals(streamUid, h.pod(stream).getMetadata().getUid(), "the stream driver was not restarted");
    assertEquals(1, p.getStatus().getStages().get(SparkStage.stream().id()).getAttempt());
    assertEquals(before, versions(), "what the pipeline runs was not rewritten by the upgrade");

    // The spec fields this release added work on the stored object once the CRD is upgraded.
    h.update(name, q -> q.getSpec().setSuspend(true));
    p = h.reconcile(name);
    assertTrue(p.getSpec().isSuspend(), "spec.suspend is kept by the upgraded CRD, not pruned");
    assertEquals("Suspended", condition(p, Condition.READY).getReason());
  }

  /** Resource versions of the workload objects: a rewrite of any changes its version. */
  private Map<String, String> versions() {
    return Stream.<List<? extends HasMetadata>>of(
        client.apps().statefulSets().inNamespace(h.ns).list().getItems(),
        client.apps().deployments().inNamespace(h.ns).list().getItems(),
        client.configMaps().inNamespace(h.ns).list().getItems(),
        client.services().inNamespace(h.ns).list().getItems())
        .flatMap(List::stream)
        .collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(),
            o -> o.getMetadata().getResourceVersion()));
  }

  /** As {@code kubectl replace -f crds/…}: the stored CRD's version, the given spec. */
  private void replaceCrd(CustomResourceDefinition crd) {
    CustomResourceDefinition stored = client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME)
        .get();
    crd.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
    client.resource(crd).update();
  }

  private static <T> T read(String file, Class<T> type) {
    try (InputStream in = PreviousReleaseRealServerTest.class.getResourceAsStream(PREVIOUS + file)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + PREVIOUS + file + " missing");
      }
      return new KubernetesSerialization().unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
