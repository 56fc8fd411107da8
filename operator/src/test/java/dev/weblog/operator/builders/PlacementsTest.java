package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.Placement;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.PlacedPipelines;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.strimzi.api.kafka.model.common.template.PodTemplate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.placement reaches every pod of its component, as the pod is finally made: the StatefulSets', the producer
 * Deployment's and the history loader Job's templates, each Spark driver pod, the executor pods spark-kubernetes
 * builds from our template (built here as the driver would), and Strimzi's pod templates; an empty placement
 * changes no pod.
 */
class PlacementsTest {

  @TempDir
  static Path tmp;
  static KubernetesClient offline;

  @BeforeAll
  static void offlineClient() {
    // spark-kubernetes reads the executor template through a client; loading a file needs no server.
    offline = new KubernetesClientBuilder().build();
  }

  @AfterAll
  static void close() {
    offline.close();
  }

  @Test
  void everyPodCarriesTheNodeSelectorTolerationsAffinityAndPriorityClassOfItsComponent() throws IOException {
    WebLogPipeline p = PlacedPipelines.full();
    Set<String> components = new TreeSet<>();
    for (Map.Entry<String, Pod> e : EmittedPods.of(p, tmp, offline).entrySet()) {
      String component = component(p, e.getKey());
      components.add(component);
      assertPlaced(PlacedPipelines.expected(component), e.getValue().getSpec(), e.getKey());
    }
    assertEquals(new TreeSet<>(List.of("nameNode", "dataNodes", "sparkDrivers", "sparkExecutors", "producer")),
        components, "a pod of every component but Kafka, which Strimzi makes (below)");
  }

  @Test
  void anEmptyPlacementLeavesEveryPodAsItWas() throws IOException {
    for (Map.Entry<String, Pod> e : EmittedPods.of(Pipelines.full(), tmp, offline).entrySet()) {
      PodSpec pod = e.getValue().getSpec();
      assertEquals(pod, Placements.apply(new Placement(), new PodSpecBuilder(pod)).build(), e.getKey());
      assertTrue(pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty(), e.getKey());
      assertTrue(pod.getTolerations() == null || pod.getTolerations().isEmpty(), e.getKey());
      assertNull(pod.getAffinity(), e.getKey());
      assertNull(pod.getPriorityClassName(), e.getKey());
    }
    assertNull(KafkaBuilder.nodePool(Pipelines.full()).getSpec().getTemplate().getPod(), "Strimzi's pod defaults");
    PodTemplate operator = KafkaBuilder.kafka(Pipelines.full()).getSpec().getEntityOperator().getTemplate().getPod();
    assertEquals(SecurityContexts.podWithoutUser(), operator.getSecurityContext());
    assertNull(operator.getAffinity());
    assertNull(operator.getPriorityClassName());
  }

  @Test
  void sparksOwnNodeSelectorPropertiesStayBesideThePlacement() throws IOException {
    WebLogPipeline p = PlacedPipelines.full();
    p.getSpec().getStreaming().setSparkConf(Map.of("spark.kubernetes.node.selector.disk", "ssd"));
    SparkApp stream = SparkAppBuilder.build(p, SparkStage.stream(), 1);
    assertEquals(Map.of("disk", "ssd", PlacedPipelines.POOL, "sparkDrivers"),
        stream.driver().getSpec().getNodeSelector());
    assertEquals(Map.of("disk", "ssd", PlacedPipelines.POOL, "sparkExecutors"),
        EmittedPods.executor(stream, tmp, offline).getSpec().getNodeSelector());
  }

  @Test
  void kafkaNodesAndTheEntityOperatorGetThePlacementWithTheNodeSelectorAsARequiredNodeAffinity() {
    WebLogPipeline p = PlacedPipelines.full();
    Placement kafka = PlacedPipelines.expected("kafka");
    Affinity expected = new AffinityBuilder(kafka.getAffinity()).editNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().withMatchExpressions(in(PlacedPipelines.POOL, "kafka")).endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build();
    PodTemplate nodes = KafkaBuilder.nodePool(p).getSpec().getTemplate().getPod();
    PodTemplate operator = KafkaBuilder.kafka(p).getSpec().getEntityOperator().getTemplate().getPod();
    for (PodTemplate pod : List.of(nodes, operator)) {
      assertEquals(expected, pod.getAffinity());
      assertEquals(kafka.getTolerations(), pod.getTolerations());
      assertEquals("weblog-kafka", pod.getPriorityClassName());
    }
    assertNull(nodes.getSecurityContext(), "the node pods' security stays Strimzi's (fsGroup for the volumes)");
    assertEquals(SecurityContexts.podWithoutUser(), operator.getSecurityContext(), "kept beside the placement");
    BuilderAssertions.assertRestrictedContainer(KafkaBuilder.nodePool(p).getSpec().getTemplate().getKafkaContainer()
        .getSecurityContext());
  }

  @Test
  void aNodeSelectorJoinsEveryAlternativeOfARequiredNodeAffinity() {
    NodeSelectorTerm zone = new NodeSelectorTermBuilder().withMatchExpressions(in("zone", "a")).build();
    NodeSelectorTerm host = new NodeSelectorTermBuilder().addNewMatchField().withKey("metadata.name")
        .withOperator("In").withValues("node-1").endMatchField().build();
    Affinity either =
        new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withNodeSelectorTerms(zone, host).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
            .build();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("pool", "kafka");
    labels.put("disk", "ssd");
    List<NodeSelectorTerm> terms = Placements.requiringLabels(either, labels).getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    assertEquals(List.of(in("zone", "a"), in("pool", "kafka"), in("disk", "ssd")),
        terms.get(0).getMatchExpressions());
    assertEquals(List.of(in("pool", "kafka"), in("disk", "ssd")), terms.get(1).getMatchExpressions());
    assertEquals(host.getMatchFields(), terms.get(1).getMatchFields());
    assertEquals(2, zone.getMatchExpressions().size() + host.getMatchFields().size(), "the spec's terms untouched");
    assertEquals(either, Placements.requiringLabels(either, Map.of()));
  }

  /** Which component's placement the pod at {@code where} (as {@link EmittedPods} names it) must carry. */
  static String component(WebLogPipeline p, String where) {
    if (where.equals("StatefulSet/" + Names.namenode(p))) {
      return "nameNode";
    }
    if (where.equals("StatefulSet/" + Names.datanode(p))) {
      return "dataNodes";
    }
    if (where.startsWith("Deployment/")) {
      return "producer";
    }
    if (where.startsWith("executor of ")) {
      return "sparkExecutors";
    }
    // The history loader Job is a batch pod beside the drivers and goes where they go.
    if (where.startsWith("Pod/") || where.startsWith("Job/")) {
      return "sparkDrivers";
    }
    throw new AssertionError("no component for " + where);
  }

  static void assertPlaced(Placement expected, PodSpec pod, String where) {
    assertTrue(pod.getNodeSelector().entrySet().containsAll(expected.getNodeSelector().entrySet()),
        where + " nodeSelector " + pod.getNodeSelector());
    assertEquals(expected.getTolerations(), pod.getTolerations(), where + " tolerations");
    assertEquals(expected.getAffinity(), pod.getAffinity(), where + " affinity");
    assertEquals(expected.getPriorityClassName(), pod.getPriorityClassName(), where + " priorityClassName");
  }

  private static NodeSelectorRequirement in(String key, String value) {
    return new NodeSelectorRequirementBuilder().withKey(key).withOperator("In").withValues(value).build();
  }
}
