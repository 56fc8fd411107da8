package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Placement;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.SparkAppBuilder;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.ChartRbac;
import dev.weblog.operator.support.Pipelines;
import dev.weblog.operator.support.PlacedPipelines;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.strimzi.api.kafka.model.common.template.PodTemplate;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.placement on the real API server, through the reconciler: the StatefulSets, the Strimzi objects, the history
 * loader Job, the driver pods (admitted by the server's Priority plugin), the executor template and the producer
 * Deployment are stored with their component's placement; a PriorityClass the cluster lacks stops the pipeline
 * before any object is made, naming the field, until it is created; and a placement change reaches its pods.
 */
class PlacementRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  KubernetesClient client;
  Harness h;

  @BeforeEach
  void setUp() {
    client = KUBE.client();
    h = new Harness(client, client, KUBE.namespace());
  }

  @Test
  void everyPodTheOperatorMakesIsStoredWithItsComponentsPlacement() {
    WebLogPipeline spec = PlacedPipelines.minimal("placed");
    PlacedPipelines.priorityClasses(spec).forEach(this::ensure);
    h.create(spec);
    WebLogPipeline p = h.reconcile("placed");
    assertPlaced("nameNode", client.apps().statefulSets().inNamespace(h.ns).withName(Names.namenode(p)).get()
        .getSpec().getTemplate().getSpec());
    assertPlaced("dataNodes", client.apps().statefulSets().inNamespace(h.ns).withName(Names.datanode(p)).get()
        .getSpec().getTemplate().getSpec());
    h.sim.hdfsReady(p);
    p = h.reconcile("placed");
    KafkaNodePool pool = client.resources(KafkaNodePool.class).inNamespace(h.ns).withName(Names.kafkaNodePool(p))
        .get();
    assertKafkaPlaced(pool.getSpec().getTemplate().getPod());
    Kafka kafka = client.resources(Kafka.class).inNamespace(h.ns).withName(Names.kafkaCluster(p)).get();
    assertKafkaPlaced(kafka.getSpec().getEntityOperator().getTemplate().getPod());
    h.sim.kafkaReady(p);
    p = h.reconcile("placed");
    assertPlaced("sparkDrivers", client.batch().v1().jobs().inNamespace(h.ns).withName(Names.historyLoader(p, 1)).get()
        .getSpec().getTemplate().getSpec());

    p = h.toReady("placed");
    for (SparkStage stage : List.of(SparkStage.ingest(), SparkStage.stream())) {
      Pod pod = h.pod(driver(p, stage, 1));
      assertPlaced("sparkDrivers", pod.getSpec());
      assertEquals(1000, pod.getSpec().getPriority(), "the server's Priority plugin resolved the class");
      String template = client.configMaps().inNamespace(h.ns).withName(Names.sparkApp(p, stage, 1) + "-exec-template")
          .get().getData().get(SparkAppBuilder.EXECUTOR_TEMPLATE_FILE);
      assertPlaced("sparkExecutors", Serialization.unmarshal(template, Pod.class).getSpec());
    }
    assertPlaced("producer", client.apps().deployments().inNamespace(h.ns).withName(Names.producer(p)).get()
        .getSpec().getTemplate().getSpec());
  }

  @Test
  void anUnknownPriorityClassStopsThePipelineBeforeAnyObjectNamingTheFieldUntilTheClassExists() {
    String missing = "missing-" + h.ns;
    WebLogPipeline spec = Pipelines.minimal("unplaced");
    spec.getSpec().getPlacement().getProducer().setPriorityClassName(missing);
    h.create(spec);
    WebLogPipeline p = h.reconcile("unplaced");
    Condition ready = condition(p, Condition.READY);
    assertEquals(ConditionStatus.FALSE, ready.getStatus());
    assertEquals(PlacementCheck.REASON, ready.getReason());
    assertTrue(ready.getMessage().contains("spec.placement.producer.priorityClassName: the cluster has no "
        + "PriorityClass '" + missing + "'"), ready.getMessage());
    assertEquals(Optional.of(Duration.ofSeconds(30)), h.lastRequeue, "PriorityClasses are not watched: look again");
    assertTrue(client.apps().statefulSets().inNamespace(h.ns).list().getItems().isEmpty(), "nothing was created");
    assertTrue(client.pods().inNamespace(h.ns).list().getItems().isEmpty());
    assertTrue(h.eventReasons().contains(PlacementCheck.REASON), h.eventReasons().toString());

    // What the check spares: the server refuses a pod naming a class it does not have.
    client.serviceAccounts().inNamespace(h.ns).withName("default").waitUntilCondition(Objects::nonNull, 30,
        TimeUnit.SECONDS);
    Pod refused = new PodBuilder().withNewMetadata().withName("probe").withNamespace(h.ns).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
        .withPriorityClassName(missing).endSpec().build();
    KubernetesClientException e = assertThrows(KubernetesClientException.class,
        () -> client.resource(refused).create());
    assertEquals(403, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains(missing), e.getMessage());

    ensure(new PriorityClassBuilder().withNewMetadata().withName(missing).endMetadata().withValue(10).build());
    p = h.reconcile("unplaced");
    assertNotNull(client.apps().statefulSets().inNamespace(h.ns).withName(Names.namenode(p)).get(),
        "the class exists now: the pipeline goes on");
    assertTrue(!PlacementCheck.REASON.equals(condition(p, Condition.READY).getReason()),
        condition(p, Condition.READY).getMessage());
  }

  @Test
  void aPlacementThePodWouldBeRefusedForIsStoredBy120ButRefusedByTheOperatorNamingTheField() {
    WebLogPipeline spec = Pipelines.minimal("badplace");
    spec.getSpec().getPlacement().getProducer().getTolerations().add(new TolerationBuilder().withKey("dedicated")
        .withOperator("Exists").withValue("weblog").build());
    h.create(spec);
    WebLogPipeline p = h.reconcile("badplace");
    Condition ready = condition(p, Condition.READY);
    assertEquals("InvalidSpec", ready.getReason());
    assertTrue(ready.getMessage().contains("spec.placement.producer.tolerations[0]: value must be empty when "
        + "operator is Exists"), ready.getMessage());
    assertTrue(client.apps().statefulSets().inNamespace(h.ns).list().getItems().isEmpty(), "nothing was created");

    WebLogPipeline badName = Pipelines.minimal("badname");
    badName.getSpec().getPlacement().getNameNode().setPriorityClassName("Not_A_Name");
    KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> h.create(badName));
    assertEquals(422, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains("spec.placement.nameNode.priorityClassName"), e.getMessage());
  }

  /** The chart's default, namespaced install: its CRD reader's ClusterRole lets the check read classes. */
  @Test
  void underTheChartsNamespacedRolesTheCheckStillReadsClasses(@TempDir Path tmp) {
    String missing = "missing-" + h.ns;
    try (KubernetesClient operator = new KubernetesClientBuilder().withConfig(ChartRbac.install(client,
        KUBE.adminConfig(), h.ns, tmp)).build()) {
      assertNull(operator.scheduling().v1().priorityClasses().withName(missing).get(), "readable, and missing");
      Harness chart = new Harness(client, operator, h.ns);
      WebLogPipeline spec = Pipelines.minimal("rolebound");
      spec.getSpec().getPlacement().getNameNode().setPriorityClassName(missing);
      chart.create(spec);
      WebLogPipeline p = chart.reconcile("rolebound");
      assertEquals(PlacementCheck.REASON, condition(p, Condition.READY).getReason());
      assertNull(client.apps().statefulSets().inNamespace(h.ns).withName(Names.namenode(p)).get(),
          "nothing made whose pods the API server would refuse");
    }
  }

  @Test
  void aClassOnlyAnUnusedComponentNamesIsNotLookedFor() {
    WebLogPipeline spec = Pipelines.minimal("noproducer");
    spec.getSpec().getProducer().setEnabled(false);
    spec.getSpec().getPlacement().getProducer().setPriorityClassName("missing-" + h.ns);
    h.create(spec);
    WebLogPipeline p = h.reconcile("noproducer");
    assertNotNull(client.apps().statefulSets().inNamespace(h.ns).withName(Names.namenode(p)).get());
  }

  @Test
  void aPlacementChangeReachesTheRunningComponentsPods() {
    h.create(Pipelines.minimal("moved"));
    WebLogPipeline p = h.toReady("moved");
    String stream = driver(p, SparkStage.stream(), 1);
    String streamUid = h.pod(stream).getMetadata().getUid();

    h.update("moved", q -> q.getSpec().getPlacement().getProducer().getNodeSelector().put("pool", "edge"));
    p = h.reconcile("moved");
    assertEquals("edge", client.apps().deployments().inNamespace(h.ns).withName(Names.producer(p)).get().getSpec()
        .getTemplate().getSpec().getNodeSelector().get("pool"));
    assertEquals(streamUid, h.pod(stream).getMetadata().getUid(), "the producer's placement leaves the stream be");

    h.update("moved", q -> q.getSpec().getPlacement().getDataNodes().getNodeSelector().put("disk", "ssd"));
    p = h.reconcile("moved");
    assertEquals("ssd", client.apps().statefulSets().inNamespace(h.ns).withName(Names.datanode(p)).get().getSpec()
        .getTemplate().getSpec().getNodeSelector().get("disk"), "the StatefulSet rolls its pods");
    assertEquals(streamUid, h.pod(stream).getMetadata().getUid());

    h.update("moved", q -> q.getSpec().getPlacement().getSparkDrivers().getNodeSelector().put("pool", "spark"));
    p = h.reconcile("moved");
    assertNull(h.pod(stream), "the stream stops to move");
    Pod next = h.pod(driver(p, SparkStage.stream(), 2));
    assertNotNull(next, "and starts again from its checkpoint where the drivers now go");
    assertEquals("spark", next.getSpec().getNodeSelector().get("pool"));
  }

  private static void assertPlaced(String field, PodSpec pod) {
    Placement expected = PlacedPipelines.expected(field);
    assertEquals(field, pod.getNodeSelector().get(PlacedPipelines.POOL), field + " nodeSelector");
    // A pod gets the DefaultTolerationSeconds plugin's not-ready toleration beside ours.
    assertTrue(pod.getTolerations().containsAll(expected.getTolerations()), field + " tolerations "
        + pod.getTolerations());
    assertEquals(expected.getAffinity(), pod.getAffinity(), field + " affinity");
    assertEquals(expected.getPriorityClassName(), pod.getPriorityClassName(), field + " priorityClassName");
  }

  private static void assertKafkaPlaced(PodTemplate pod) {
    Placement expected = PlacedPipelines.expected("kafka");
    assertEquals(expected.getTolerations(), pod.getTolerations());
    assertEquals(expected.getPriorityClassName(), pod.getPriorityClassName());
    var required = pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    assertEquals(PlacedPipelines.POOL, required.getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getKey());
    assertEquals(expected.getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
        pod.getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
  }

  /** PriorityClasses are cluster-wide and the server is shared: another test may have made it already. */
  private void ensure(PriorityClass priorityClass) {
    try {
      client.resource(priorityClass).create();
    } catch (KubernetesClientException e) {
      assertEquals(409, e.getCode(), e.getMessage());
    }
  }
}
