package dev.weblog.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.HdfsBuilder;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strimzi.api.kafka.Crds;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The real JOSDK operator against the mock server: informers, status patches, and the HTTP endpoints. */
@EnableKubernetesMockClient(crud = true)
class OperatorMainTest {

  KubernetesClient client;

  @Test
  void operatorReconcilesAPipelineAndServesHealthReadinessAndMetrics() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/weblogpipelines.weblog.dev-v1.yml")) {
      client.apiextensions().v1().customResourceDefinitions()
          .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
    }
    for (CustomResourceDefinition crd : List.of(Crds.kafka(), Crds.kafkaNodePool(), Crds.kafkaTopic(),
        Crds.kafkaUser())) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    OperatorConfig config = OperatorConfig.from(Map.of("WEBLOG_WATCH_NAMESPACES", Pipelines.NAMESPACE,
        "WEBLOG_HTTP_PORT", "0"), null);
    OperatorMain main = new OperatorMain(config, client, Clock.systemUTC());
    try {
      assertEquals(200, get(main, "/healthz").statusCode());
      assertEquals(200, get(main, "/readyz").statusCode());
      WebLogPipeline p = Pipelines.minimal("e2e");
      p.getMetadata().setUid(null);
      client.resource(p).create();
      WebLogPipeline provisioning = await(() -> withCondition(Condition.HDFS_READY, ConditionStatus.FALSE));
      assertEquals(1L, provisioning.getStatus().getObservedGeneration());
      for (StatefulSet s : List.of(HdfsBuilder.namenode(provisioning), HdfsBuilder.datanodes(provisioning))) {
        StatefulSet live = client.resource(s).get();
        live.setStatus(new StatefulSetStatusBuilder().withReadyReplicas(1).withReplicas(1).build());
        client.resource(live).updateStatus();
      }
      // The StatefulSet informer wakes the reconcile: HDFS is ready, Kafka is next.
      await(() -> withCondition(Condition.KAFKA_READY, ConditionStatus.FALSE));
      String metrics = get(main, "/metrics").body();
      assertTrue(metrics.contains("operator_sdk"), metrics.lines().limit(20).toList().toString());
    } finally {
      main.stop();
    }
  }

  private WebLogPipeline withCondition(String type, ConditionStatus status) {
    WebLogPipeline p = client.resources(WebLogPipeline.class).inNamespace(Pipelines.NAMESPACE).withName("e2e").get();
    if (p == null || p.getStatus() == null) {
      return null;
    }
    return p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals(type) && c.getStatus() == status)
        ? p : null;
  }

  private static HttpResponse<String> get(OperatorMain main, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + main.httpPort()
        + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(Supplier<T> s) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      T v = s.get();
      if (v != null) {
        return v;
      }
      Thread.sleep(100);
    }
    fail("timed out waiting for the operator");
    return null;
  }
}
