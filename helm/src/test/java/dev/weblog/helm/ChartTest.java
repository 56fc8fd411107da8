package dev.weblog.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.LintResult;
import dev.weblog.operator.support.RenderedChart;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {

  @TempDir
  Path tmp;

  @Test
  void strictLintPasses() {
    LintResult lint = RenderedChart.chartCopy(tmp).lint().strict().call();
    assertFalse(lint.isFailed(), lint.getMessages().toString());
  }

  @Test
  void theChartsCrdIsTheGeneratedOne() throws Exception {
    String name = "weblogpipelines.weblog.dev-v1.yml";
    assertEquals(Files.readString(RenderedChart.REPO_ROOT.resolve("crds").resolve(name)),
        Files.readString(RenderedChart.CHART.resolve("crds").resolve(name)),
        "helm/weblog-operator/crds/ drifted from crds/: cp crds/" + name + " helm/weblog-operator/crds/");
  }

  @Test
  void deploymentRunsTheOperatorLockedDownWithProbes() {
    Deployment d = deployment(Map.of());
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("weblog/operator:" + appVersion(), c.getImage());
    assertTrue(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
    assertEquals("RuntimeDefault", d.getSpec().getTemplate().getSpec().getSecurityContext().getSeccompProfile()
        .getType());
    assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
    assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
    assertEquals("/healthz", c.getLivenessProbe().getHttpGet().getPath());
    assertEquals("/readyz", c.getReadinessProbe().getHttpGet().getPath());
    assertEquals("false", env(c, "WEBLOG_LEADER_ELECTION"));
    assertEquals(RenderedChart.NAMESPACE, env(c, "WEBLOG_WATCH_NAMESPACES"));
    assertEquals("8080", env(c, "WEBLOG_HTTP_PORT"));
    assertTrue(c.getResources().getLimits().containsKey("memory"));
  }

  @Test
  void operatorPodCarriesScrapeAnnotations() {
    Map<String, String> annotations = deployment(Map.of()).getSpec().getTemplate().getMetadata().getAnnotations();
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals("8080", annotations.get("prometheus.io/port"));
    assertEquals("/metrics", annotations.get("prometheus.io/path"));
  }

  @Test
  void scrapeAnnotationsCanBeTurnedOff() {
    Map<String, String> off = deployment(Map.of("metrics.scrapeAnnotations", "false")).getSpec().getTemplate()
        .getMetadata().getAnnotations();
    assertTrue(off == null || !off.containsKey("prometheus.io/scrape"), String.valueOf(off));
  }

  @Test
  void moreThanOneReplicaTurnsLeaderElectionOn() {
    Container c = deployment(Map.of("replicas", "2")).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("true", env(c, "WEBLOG_LEADER_ELECTION"));
  }

  /** An upgrade must never run two operators that both reconcile: without a lease, the old pod stops first. */
  @Test
  void anUpgradeStopsTheOldOperatorFirstUnlessALeaseDecidesWhoReconciles() {
    assertEquals("Recreate", strategy("one", Map.of()).getType());
    DeploymentStrategy leased = strategy("leased", Map.of("replicas", "2"));
    assertTrue(leased == null || !"Recreate".equals(leased.getType()), "with leader election a rolling update "
        + "is safe: " + leased);
  }

  private DeploymentStrategy strategy(String dir, Map<String, String> values) {
    return RenderedChart.render(tmp.resolve(dir), values).ofKind("Deployment", Deployment.class).get(0).getSpec()
        .getStrategy();
  }

  @Test
  void registryAndTagRelocateTheImage() {
    Container c = deployment(Map.of("image.registry", "ghcr.io/acme/", "image.tag", "1.2.3"))
        .getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("ghcr.io/acme/weblog/operator:1.2.3", c.getImage());
  }

  @Test
  void serviceMonitorOnlyWhenAsked() {
    assertTrue(RenderedChart.render(tmp.resolve("a"), Map.of()).ofKind("ServiceMonitor").isEmpty());
    RenderedChart withMonitor = RenderedChart.render(tmp.resolve("b"), Map.of(
        "metrics.serviceMonitor.enabled", "true", "metrics.serviceMonitor.labels.release", "prom"));
    assertEquals(1, withMonitor.ofKind("ServiceMonitor").size());
    assertEquals("prom", withMonitor.ofKind("ServiceMonitor").get(0).getMetadata().getLabels().get("release"));
    assertEquals(1, withMonitor.ofKind("Service").size());
  }

  @Test
  void theValuesSchemaRefusesNonsense() {
    assertThrows(IllegalStateException.class, () -> RenderedChart.render(tmp.resolve("a"), Map.of("replicas", "0")));
    assertThrows(IllegalStateException.class,
        () -> RenderedChart.render(tmp.resolve("b"), Map.of("logLevel", "LOUD")));
    assertThrows(IllegalStateException.class,
        () -> RenderedChart.render(tmp.resolve("c"), Map.of("watchNamespaces[0]", "Bad_Name")));
  }

  @Test
  void everyValueIsDocumented() throws Exception {
    List<String> lines = Files.readAllLines(RenderedChart.CHART.resolve("values.yaml"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("\\s*[a-zA-Z-]+:.*")) {
        assertTrue(i > 0 && lines.get(i - 1).strip().startsWith("#"),
            "values.yaml line " + (i + 1) + " has no comment above it: " + lines.get(i));
      }
    }
  }

  private Deployment deployment(Map<String, String> values) {
    List<Deployment> deployments = RenderedChart.render(tmp, values).ofKind("Deployment", Deployment.class);
    assertEquals(1, deployments.size());
    return deployments.get(0);
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  private static String appVersion() throws RuntimeException {
    try {
      return Files.readAllLines(RenderedChart.CHART.resolve("Chart.yaml")).stream()
          .filter(l -> l.startsWith("appVersion:")).findFirst().orElseThrow()
          .replaceAll("appVersion:\\s*\"?([^\"]*)\"?", "$1").strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
