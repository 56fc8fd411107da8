package dev.weblog.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.operator.builders.ObjectMetas;
import dev.weblog.operator.builders.SparkAppBuilder;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.support.Pipelines;
import dev.weblog.operator.support.RenderedChart;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's Prometheus Operator objects: PrometheusRule (the alert rules file), PodMonitor (the stream drivers)
 * and the operator's ServiceMonitor. {@code helm template} knows no monitoring.coreos.com API, so here "auto"
 * renders nothing; {@link MonitoringAutoRealServerTest} shows "auto" against a server that has the CRDs.
 */
@SuppressWarnings("unchecked")
class MonitoringTemplatesTest {

  static final List<String> KINDS = List.of("PrometheusRule", "PodMonitor", "ServiceMonitor");
  static final Map<String, String> ALL_ON = Map.of("monitoring.prometheusRule.enabled", "true",
      "monitoring.podMonitor.enabled", "true", "metrics.serviceMonitor.enabled", "true");

  @TempDir
  Path tmp;

  @Test
  void autoIsTheDefaultAndRendersNothingWithoutTheMonitoringApi() throws Exception {
    String values = Files.readString(RenderedChart.CHART.resolve("values.yaml"));
    Map<String, Object> parsed = Serialization.unmarshal(values, Map.class);
    assertEquals("auto", nested(parsed, "monitoring", "prometheusRule", "enabled"));
    assertEquals("auto", nested(parsed, "monitoring", "podMonitor", "enabled"));
    assertEquals("auto", nested(parsed, "metrics", "serviceMonitor", "enabled"));
    RenderedChart chart = RenderedChart.render(tmp, Map.of());
    for (String kind : KINDS) {
      assertTrue(chart.ofKind(kind).isEmpty(), kind + " rendered although the cluster has no API for it");
    }
  }

  @Test
  void trueRendersEachWithItsOwnExtraLabels() {
    RenderedChart chart = RenderedChart.render(tmp, Map.of("monitoring.prometheusRule.enabled", "true",
        "monitoring.prometheusRule.labels.release", "rules", "monitoring.podMonitor.enabled", "true",
        "monitoring.podMonitor.labels.release", "pods", "metrics.serviceMonitor.enabled", "true",
        "metrics.serviceMonitor.labels.release", "operator"));
    assertEquals("rules", only(chart, "PrometheusRule").getMetadata().getLabels().get("release"));
    assertEquals("pods", only(chart, "PodMonitor").getMetadata().getLabels().get("release"));
    assertEquals("operator", only(chart, "ServiceMonitor").getMetadata().getLabels().get("release"));
    for (String kind : KINDS) {
      GenericKubernetesResource r = only(chart, kind);
      assertEquals("monitoring.coreos.com/v1", r.getApiVersion());
      assertEquals(RenderedChart.NAMESPACE, r.getMetadata().getNamespace());
    }
  }

  @Test
  void falseRendersNothing() {
    RenderedChart chart = RenderedChart.render(tmp, Map.of("monitoring.prometheusRule.enabled", "false",
        "monitoring.podMonitor.enabled", "false", "metrics.serviceMonitor.enabled", "false"));
    for (String kind : KINDS) {
      assertTrue(chart.ofKind(kind).isEmpty(), kind);
    }
  }

  @Test
  void thePrometheusRulesGroupsAreTheRulesFile() throws Exception {
    Map<String, Object> file = Serialization.unmarshal(
        Files.readString(RenderedChart.CHART.resolve("files/weblog-alerts.yaml")), Map.class);
    GenericKubernetesResource rule = only(RenderedChart.render(tmp, ALL_ON), "PrometheusRule");
    Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
    assertEquals(Map.of("groups", file.get("groups")), spec);
  }

  @Test
  void thePodMonitorSelectsTheStreamDriverByItsLabelsPortAndPath() {
    Pod driver = SparkAppBuilder.build(Pipelines.minimal(), SparkStage.stream(), 1).driver();
    Map<String, Object> spec = spec(only(RenderedChart.render(tmp, ALL_ON), "PodMonitor"));
    Map<String, String> matchLabels = (Map<String, String>) nested(spec, "selector", "matchLabels");
    assertEquals(Map.of(ObjectMetas.MANAGED_BY, ObjectMetas.MANAGED_BY_VALUE, ObjectMetas.PART_OF,
        ObjectMetas.PART_OF_VALUE), matchLabels);
    matchLabels.forEach((k, v) -> assertEquals(v, driver.getMetadata().getLabels().get(k), "driver label " + k));
    Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("podMetricsEndpoints")).get(0);
    List<String> driverPorts = driver.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
        .map(ContainerPort::getName).toList();
    assertTrue(driverPorts.contains((String) endpoint.get("port")), endpoint + " vs the driver's " + driverPorts);
    assertEquals(JobContract.METRICS_PATH, endpoint.get("path"));
    assertEquals(driver.getMetadata().getAnnotations().get("prometheus.io/path"), endpoint.get("path"));
    List<Map<String, Object>> relabelings = (List<Map<String, Object>>) endpoint.get("relabelings");
    assertTrue(relabelings.contains(Map.of("sourceLabels",
        List.of("__meta_kubernetes_pod_label_app_kubernetes_io_instance"), "targetLabel", "pipeline")),
        "the alerts name the pipeline: " + relabelings);
    assertEquals(Pipelines.minimal().getMetadata().getName(), driver.getMetadata().getLabels().get(
        ObjectMetas.INSTANCE), "the instance label carries the pipeline's name");
  }

  @Test
  void thePodMonitorLooksInTheNamespacesTheOperatorWatches() {
    assertEquals(Map.of("matchNames", List.of(RenderedChart.NAMESPACE)), namespaceSelector(Map.of()));
    assertEquals(Map.of("matchNames", List.of("shop", "ads")),
        namespaceSelector(Map.of("watchNamespaces[0]", "shop", "watchNamespaces[1]", "ads")));
    assertEquals(Map.of("any", true), namespaceSelector(Map.of("watchNamespaces[0]", "*")));
  }

  @Test
  void theServiceMonitorNeedsTheServiceOnlyWhenForcedOn() {
    assertThrows(IllegalStateException.class, () -> RenderedChart.render(tmp.resolve("a"), Map.of(
        "metrics.serviceMonitor.enabled", "true", "metrics.service.enabled", "false")));
    assertTrue(RenderedChart.render(tmp.resolve("b"), Map.of("metrics.serviceMonitor.enabled", "auto",
        "metrics.service.enabled", "false")).ofKind("ServiceMonitor").isEmpty());
  }

  @Test
  void theSchemaTakesAutoTrueOrFalseOnly() {
    for (String key : List.of("monitoring.prometheusRule.enabled", "monitoring.podMonitor.enabled",
        "metrics.serviceMonitor.enabled")) {
      assertThrows(IllegalStateException.class, () -> RenderedChart.render(tmp.resolve(key), Map.of(key, "maybe")),
          key);
    }
    assertThrows(IllegalStateException.class, () -> RenderedChart.render(tmp.resolve("y"), Map.of(
        "monitoring.podMonitor.interval", "soon")));
    assertThrows(IllegalStateException.class, () -> RenderedChart.render(tmp.resolve("z"), Map.of(
        "monitoring.alerts", "true")));
  }

  private Map<String, Object> namespaceSelector(Map<String, String> values) {
    Map<String, String> all = new java.util.HashMap<>(values);
    all.put("monitoring.podMonitor.enabled", "true");
    Path dir = tmp.resolve("ns-" + values.hashCode());
    Map<String, Object> selector = (Map<String, Object>) spec(only(RenderedChart.render(dir, all), "PodMonitor"))
        .get("namespaceSelector");
    assertNull(selector.get("matchLabels"));
    return selector;
  }

  static GenericKubernetesResource only(RenderedChart chart, String kind) {
    List<GenericKubernetesResource> found = chart.ofKind(kind);
    assertEquals(1, found.size(), kind);
    return found.get(0);
  }

  static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  static Object nested(Map<String, Object> map, String... keys) {
    Object at = map;
    for (String key : keys) {
      at = ((Map<String, Object>) at).get(key);
    }
    return at;
  }
}
