package dev.weblog.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.HdfsBuilder;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.ChartRbac;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real JOSDK operator (informers, status patches, HTTP endpoints, leader election) on a real API server, as
 * the chart's ServiceAccount. A control plane of its own: one test restarts the API server.
 */
class OperatorRuntimeRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.dedicated();

  static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void operatorReconcilesServesHealthAndItsInformersRecoverFromAnApiServerRestart(@TempDir Path tmp)
      throws Exception {
    String ns = KUBE.namespace();
    Config operatorConfig = ChartRbac.install(KUBE.client(), KUBE.adminConfig(), ns, tmp);
    AtomicInteger lost = new AtomicInteger();
    OperatorMain main = new OperatorMain(config(ns, false, null), new KubernetesClientBuilder()
        .withConfig(operatorConfig).build(), Clock.systemUTC(), lost::incrementAndGet);
    try {
      assertEquals(200, get(main, "/healthz").statusCode());
      assertEquals(200, get(main, "/readyz").statusCode());
      WebLogPipeline p = Pipelines.minimal("runtime");
      p.getMetadata().setUid(null);
      p.getMetadata().setNamespace(ns);
      KUBE.client().resource(p).create();
      WebLogPipeline provisioning = await("HDFS provisioning", () -> withCondition(ns, Condition.HDFS_READY,
          ConditionStatus.FALSE));
      assertEquals(1L, provisioning.getStatus().getObservedGeneration());

      KUBE.server().restartApiServer();

      hdfsReady(provisioning);
      // Only a StatefulSet informer that re-listed and re-watched after the restart wakes this reconcile.
      await("Kafka next after the restart", () -> withCondition(ns, Condition.KAFKA_READY, ConditionStatus.FALSE));
      String metrics = get(main, "/metrics").body();
      assertTrue(metrics.contains("operator_sdk"), metrics.lines().limit(20).toList().toString());
      assertEquals(0, lost.get());
    } finally {
      main.stop();
    }
  }

  @Test
  void theStandbyTakesTheLeaseWhenTheLeaderStopsAndCarriesOn(@TempDir Path tmp) throws Exception {
    String ns = KUBE.namespace();
    Config operatorConfig = ChartRbac.install(KUBE.client(), KUBE.adminConfig(), ns, tmp);
    AtomicInteger lost = new AtomicInteger();
    OperatorMain first = new OperatorMain(config(ns, true, "operator-a"), new KubernetesClientBuilder()
        .withConfig(operatorConfig).build(), Clock.systemUTC(), lost::incrementAndGet);
    OperatorMain second = new OperatorMain(config(ns, true, "operator-b"), new KubernetesClientBuilder()
        .withConfig(operatorConfig).build(), Clock.systemUTC(), lost::incrementAndGet);
    try {
      String leader = await("a leader", () -> holder(ns));
      OperatorMain leading = leader.equals("operator-a") ? first : second;
      OperatorMain standby = leading == first ? second : first;
      await("the leader ready", () -> get(leading, "/readyz").statusCode() == 200 ? true : null);
      assertEquals(503, get(standby, "/readyz").statusCode(), "the standby is not ready: it does not reconcile");

      WebLogPipeline p = Pipelines.minimal("leased");
      p.getMetadata().setUid(null);
      p.getMetadata().setNamespace(ns);
      KUBE.client().resource(p).create();
      WebLogPipeline provisioning = await("the leader reconciles", () -> withCondition(ns, Condition.HDFS_READY,
          ConditionStatus.FALSE));

      long stopped = System.nanoTime();
      leading.stop();
      String next = await("the standby takes the Lease", () -> {
        String h = holder(ns);
        return h != null && !h.equals(leader) ? h : null;
      });
      await("the new leader ready", () -> get(standby, "/readyz").statusCode() == 200 ? true : null);
      System.out.printf("Leader failover: %s -> %s in %.1f s after the leader stopped%n", leader, next,
          (System.nanoTime() - stopped) / 1e9);
      assertNotEquals(leader, next);

      hdfsReady(provisioning);
      await("the new leader reconciles", () -> withCondition(ns, Condition.KAFKA_READY, ConditionStatus.FALSE));
      assertEquals(0, lost.get(), "a stopped leader is not a lost one");
    } finally {
      first.stop();
      second.stop();
    }
  }

  private static OperatorConfig config(String ns, boolean leaderElection, String identity) {
    Map<String, String> env = new java.util.HashMap<>(Map.of(OperatorConfig.WATCH_NAMESPACES, ns,
        OperatorConfig.HTTP_PORT, "0", OperatorConfig.POD_NAMESPACE, ns,
        OperatorConfig.LEADER_ELECTION, String.valueOf(leaderElection)));
    if (identity != null) {
      env.put(OperatorConfig.POD_NAME, identity);
    }
    return OperatorConfig.from(env, null);
  }

  private static void hdfsReady(WebLogPipeline p) {
    for (StatefulSet s : List.of(HdfsBuilder.namenode(p), HdfsBuilder.datanodes(p))) {
      StatefulSet live = KUBE.client().resource(s).get();
      live.setStatus(new StatefulSetStatusBuilder().withReadyReplicas(1).withReplicas(1).build());
      KUBE.client().resource(live).updateStatus();
    }
  }

  private static String holder(String ns) {
    Lease lease = KUBE.client().leases().inNamespace(ns).withName(OperatorConfig.LEASE_NAME).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static WebLogPipeline withCondition(String ns, String type, ConditionStatus status) {
    KubernetesClient client = KUBE.client();
    WebLogPipeline p = client.resources(WebLogPipeline.class).inNamespace(ns).list().getItems().stream()
        .findFirst().orElse(null);
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return null;
    }
    return p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals(type) && c.getStatus() == status)
        ? p : null;
  }

  private static HttpResponse<String> get(OperatorMain main, String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
          + main.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static <T> T await(String what, Supplier<T> s) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      T v;
      try {
        v = s.get();
      } catch (RuntimeException e) {
        v = null; // the API server may be coming back
      }
      if (v != null) {
        return v;
      }
      Thread.sleep(200);
    }
    fail("timed out after " + PATIENCE.toSeconds() + " s waiting for " + what);
    return null;
  }
}
