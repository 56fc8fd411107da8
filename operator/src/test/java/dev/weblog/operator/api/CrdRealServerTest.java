package dev.weblog.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.Yaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the real API server does with our CRD's structural schema: unknown fields are pruned, defaults filled in,
 * and the status is a subresource (a spec write cannot set it; a stale status write is a 409).
 */
class CrdRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  private GenericKubernetesResource pipeline(String name, String specYaml) throws Exception {
    GenericKubernetesResource r = Yaml.FABRIC8.unmarshal("{\"apiVersion\":\"" + WebLogPipeline.GROUP + "/"
        + WebLogPipeline.VERSION + "\",\"kind\":\"" + WebLogPipeline.KIND + "\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"" + KUBE.namespace() + "\"}}", GenericKubernetesResource.class);
    r.setAdditionalProperty("spec", Yaml.STRICT_YAML.readValue(specYaml, Map.class));
    return r;
  }

  @Test
  void unknownFieldsArePrunedAndDefaultsFilledIn() throws Exception {
    KubernetesClient client = KUBE.client();
    GenericKubernetesResource stored = client.resource(pipeline("pruned",
        "{hdfs: {replicaz: 3}, surprise: {x: 1}}")).create();
    Map<?, ?> spec = (Map<?, ?>) stored.getAdditionalProperties().get("spec");
    assertNull(spec.get("surprise"), "an unknown spec field is pruned");
    Map<?, ?> hdfs = (Map<?, ?>) spec.get("hdfs");
    assertNull(hdfs.get("replicaz"), "a misspelt field is pruned, not kept");
    assertEquals(1, ((Number) hdfs.get("datanodes")).intValue(), "the schema's default is filled in");
  }

  @Test
  void theStatusIsASubresourceAndAStaleStatusWriteIsAConflict() throws Exception {
    KubernetesClient client = KUBE.client();
    client.resource(pipeline("status", "{}")).create();
    var pipelines = client.resources(WebLogPipeline.class).inNamespace(KUBE.namespace());
    WebLogPipeline withStatus = pipelines.withName("status").get();
    withStatus.setStatus(new WebLogPipelineStatus());
    withStatus.getStatus().setPhase(Phase.STREAMING);
    pipelines.resource(withStatus).update();
    assertNull(pipelines.withName("status").get().getStatus(), "a write of the object does not write its status");

    WebLogPipeline first = pipelines.withName("status").get();
    WebLogPipeline stale = pipelines.withName("status").get();
    first.setStatus(new WebLogPipelineStatus());
    first.getStatus().setPhase(Phase.PROVISIONING);
    pipelines.resource(first).updateStatus();
    stale.setStatus(new WebLogPipelineStatus());
    stale.getStatus().setPhase(Phase.FAILED);
    KubernetesClientException e = assertThrows(KubernetesClientException.class,
        () -> pipelines.resource(stale).updateStatus());
    assertEquals(409, e.getCode(), e.getMessage());
    assertEquals(Phase.PROVISIONING, pipelines.withName("status").get().getStatus().getPhase());
  }
}
