package dev.weblog.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.RenderedChart;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "auto" against a real API server: helm-java's template cannot be given --api-versions (0.0.21 has no such
 * option), and its dry-run install prints no manifest, so the chart is installed into the test's namespace of the
 * local control plane, whose discovery is what .Capabilities.APIVersions reads, and uninstalled again. Stand-in
 * CRDs (kind and group, any content) make the monitoring.coreos.com/v1 kinds exist.
 */
class MonitoringAutoRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  private static final List<CustomResourceDefinition> CRDS = new ArrayList<>();

  @TempDir
  Path tmp;

  @BeforeAll
  static void monitoringCrds() {
    for (String kind : MonitoringTemplatesTest.KINDS) {
      String plural = kind.toLowerCase(Locale.ROOT) + "s";
      CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
          .withNewMetadata().withName(plural + ".monitoring.coreos.com").endMetadata()
          .withNewSpec().withGroup("monitoring.coreos.com").withScope("Namespaced")
          .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase(Locale.ROOT)).endNames()
          .addNewVersion().withName("v1").withServed(true).withStorage(true)
          .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
          .endOpenAPIV3Schema().endSchema().endVersion()
          .endSpec().build();
      CRDS.add(KUBE.client().apiextensions().v1().customResourceDefinitions().resource(crd).create());
    }
    for (CustomResourceDefinition crd : CRDS) {
      KUBE.client().apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
              .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())), 60, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void removeCrds() {
    CRDS.forEach(crd -> KUBE.client().resource(crd).delete());
  }

  @Test
  void autoInstallsEveryMonitorWhenTheClusterServesItsKind() {
    Map<String, List<GenericKubernetesResource>> monitors = install(Map.of());
    for (String kind : MonitoringTemplatesTest.KINDS) {
      assertEquals(1, monitors.get(kind).size(), kind);
    }
    GenericKubernetesResource rule = monitors.get("PrometheusRule").get(0);
    assertEquals(MonitoringTemplatesTest.spec(MonitoringTemplatesTest.only(
        RenderedChart.render(tmp.resolve("template"), MonitoringTemplatesTest.ALL_ON), "PrometheusRule")),
        MonitoringTemplatesTest.spec(rule), "the server keeps the rules as the chart renders them");
  }

  @Test
  void falseInstallsNoneEvenWhereTheKindExists() {
    Map<String, List<GenericKubernetesResource>> monitors = install(Map.of("monitoring.prometheusRule.enabled",
        "false", "monitoring.podMonitor.enabled", "false", "metrics.serviceMonitor.enabled", "false"));
    monitors.forEach((kind, found) -> assertTrue(found.isEmpty(), kind));
  }

  /** Installs the chart into the test's namespace and returns the monitoring objects found there, by kind. */
  private Map<String, List<GenericKubernetesResource>> install(Map<String, String> values) {
    String ns = KUBE.namespace();
    String release = "mon-" + ns.substring(ns.lastIndexOf('-') + 1);
    String kubeconfig = kubeconfig(KUBE.adminConfig());
    InstallCommand install = RenderedChart.chartCopy(tmp).install().withName(release).withNamespace(ns)
        .withKubeConfigContents(kubeconfig).skipCrds();
    values.forEach(install::set);
    install.call();
    try {
      Map<String, List<GenericKubernetesResource>> found = new TreeMap<>();
      for (String kind : MonitoringTemplatesTest.KINDS) {
        found.put(kind, KUBE.client().genericKubernetesResources("monitoring.coreos.com/v1", kind).inNamespace(ns)
            .list().getItems());
      }
      return found;
    } finally {
      // The chart's ClusterRoles are named after the release: leave nothing cluster-wide behind.
      Helm.uninstall(release).withNamespace(ns).withKubeConfigContents(kubeconfig).call();
    }
  }

  private static String kubeconfig(Config c) {
    return String.join("\n", "apiVersion: v1", "kind: Config",
        "clusters: [{name: local, cluster: {server: '" + c.getMasterUrl() + "', certificate-authority: '"
            + c.getCaCertFile() + "'}}]",
        "users: [{name: admin, user: {token: '" + c.getOauthToken() + "'}}]",
        "contexts: [{name: local, context: {cluster: local, user: admin}}]", "current-context: local", "");
  }
}
