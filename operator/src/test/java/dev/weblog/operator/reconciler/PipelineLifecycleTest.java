package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.HdfsBuilder;
import dev.weblog.operator.builders.HdfsNetworkPolicies;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.ProducerBuilder;
import dev.weblog.operator.builders.SparkAppBuilder;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.ChartRbac;
import dev.weblog.operator.support.JsonSubset;
import dev.weblog.operator.support.PipelineObjects;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A minimal pipeline from nothing to Ready, step by step, on a real API server, with the test playing every other
 * actor. The operator acts as the Helm chart's ServiceAccount with exactly the chart's RBAC: a call the chart does
 * not allow fails the test with 403.
 */
class PipelineLifecycleTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  KubernetesClient client;
  KubernetesClient operatorClient;
  Harness h;

  @BeforeEach
  void setUp(@TempDir Path tmp) {
    client = KUBE.client();
    operatorClient = new KubernetesClientBuilder().withConfig(
        ChartRbac.install(client, KUBE.adminConfig(), KUBE.namespace(), tmp)).build();
    h = new Harness(client, operatorClient, KUBE.namespace());
  }

  @AfterEach
  void tearDown() {
    operatorClient.close();
  }

  @Test
  void minimalPipelineGoesFromPendingToReadyThroughEveryStage() throws Exception {
    WebLogPipeline p = h.create(Pipelines.minimal("demo"));
    assertEquals(null, p.getStatus(), "no status before the first reconcile (Pending)");

    p = h.reconcile("demo");
    assertEquals(Phase.PROVISIONING, p.getStatus().getPhase());
    assertEquals(Conditions.TYPES, p.getStatus().getConditions().stream().map(Condition::getType).toList());
    assertEquals(ConditionStatus.FALSE, condition(p, Condition.HDFS_READY).getStatus());
    assertTrue(condition(p, Condition.HDFS_READY).getMessage().contains("NameNode ready 0/1"));
    StatefulSet nn = client.apps().statefulSets().inNamespace(h.ns).withName(Names.namenode(p)).get();
    JsonSubset.assertKept(ServerCompatibility.forServer(HdfsBuilder.namenode(p), 20).getSpec(), nn.getSpec(),
        "the NameNode is the builder's");
    assertNotNull(client.serviceAccounts().inNamespace(h.ns).withName(Names.spark(p)).get());
    assertEquals(List.of(), client.pods().inNamespace(h.ns).list().getItems(), "no driver before HDFS is ready");

    h.sim.hdfsReady(p);
    p = h.reconcile("demo");
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.HDFS_READY).getStatus());
    assertEquals(ConditionStatus.FALSE, condition(p, Condition.KAFKA_READY).getStatus());
    assertEquals(Phase.PROVISIONING, p.getStatus().getPhase());

    h.sim.kafkaReady(p);
    p = h.reconcile("demo");
    assertEquals(Phase.INGESTING, p.getStatus().getPhase());
    assertEquals("LoadingHistory", condition(p, Condition.INGESTED).getReason());

    h.sim.jobComplete(p, 1);
    p = h.reconcile("demo");
    Pod ingest = h.pod(driver(p, SparkStage.ingest(), 1));
    assertNotNull(ingest, "ingest driver");
    JsonSubset.assertKept(SparkAppBuilder.build(p, SparkStage.ingest(), 1).driver().getSpec(), ingest.getSpec(),
        "the ingest driver is the builder's");
    assertEquals("Ingesting", condition(p, Condition.INGESTED).getReason());

    h.sim.podEnded(ingest.getMetadata().getName(), h.ns, 0, "ingested 100000 lines");
    p = h.reconcile("demo");
    assertEquals(Phase.TRAINING, p.getStatus().getPhase());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.INGESTED).getStatus());
    assertNotNull(h.pod(driver(p, SparkStage.train(Target.AGE_GROUP), 1)));
    assertEquals(List.of(), h.driverPods(p, SparkStage.train(Target.GENDER)), "one target at a time");

    h.trainOk("demo", 1);
    p = h.get("demo");
    assertEquals("v1", p.getStatus().getModels().getGender().getVersion());
    assertEquals(0.9291, p.getStatus().getModels().getGender().getAccuracy());
    assertEquals(0.4512, p.getStatus().getModels().getAgeGroup().getAccuracy());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.MODELS_READY).getStatus());
    assertEquals(Phase.STREAMING, p.getStatus().getPhase());
    assertEquals("StreamStarting", condition(p, Condition.STREAMING_RUNNING).getReason());

    h.sim.podRunning(driver(p, SparkStage.stream(), 1), h.ns);
    p = h.reconcile("demo");
    assertEquals(Phase.STREAMING, p.getStatus().getPhase());
    for (Condition c : p.getStatus().getConditions()) {
      // Not part of Ready: this fake driver serves no drift series.
      assertEquals(c.getType().equals(Condition.MODELS_CURRENT) ? ConditionStatus.UNKNOWN : ConditionStatus.TRUE,
          c.getStatus(), c.getType() + ": " + c.getMessage());
      assertEquals(1L, c.getObservedGeneration(), c.getType());
      assertNotNull(c.getLastTransitionTime(), c.getType());
      assertTrue(c.getMessage().contains(h.ns + "/demo"), "names the pipeline: " + c.getMessage());
    }
    assertEquals(1L, p.getStatus().getObservedGeneration());
    assertNotNull(p.getStatus().getLastReconciledSpec());
    Deployment producer = client.apps().deployments().inNamespace(h.ns).withName(Names.producer(p)).get();
    JsonSubset.assertKept(ProducerBuilder.deployment(p).getSpec(), producer.getSpec(), "the producer");
    assertTrue(h.eventReasons().containsAll(List.of("HdfsReady", "KafkaReady", "HistoryLoaded", "DriverStarted",
        "Ingested", "ModelPromoted", "ModelsReady", "StreamRunning", "ProducerCreated", "Ready")),
        h.eventReasons().toString());

    String before = p.getMetadata().getResourceVersion();
    int objects = client.pods().inNamespace(h.ns).list().getItems().size();
    p = h.reconcile("demo");
    assertEquals(objects, client.pods().inNamespace(h.ns).list().getItems().size(), "a reconcile at rest is a no-op");
    assertEquals(before, h.get("demo").getMetadata().getResourceVersion(), "nor is its status a write");
  }

  @Test
  void hdfsIsFencedBeforeItStartsAndTheFenceGoesWhenTheSpecTurnsItOff() {
    WebLogPipeline p = h.create(Pipelines.minimal("fenced"));
    p = h.reconcile("fenced");
    for (NetworkPolicy desired : HdfsNetworkPolicies.all(p)) {
      NetworkPolicy stored = policy(desired);
      assertNotNull(stored, "NetworkPolicy " + desired.getMetadata().getName() + " with the first HDFS objects");
      JsonSubset.assertKept(desired.getSpec(), stored.getSpec(), "the builder's policy");
    }
    client.resource(HdfsNetworkPolicies.namenode(p)).delete();
    h.reconcile("fenced");
    assertNotNull(policy(HdfsNetworkPolicies.namenode(p)), "a deleted policy is put back");

    h.update("fenced", q -> q.getSpec().getNetworkPolicies().setEnabled(false));
    p = h.reconcile("fenced");
    for (NetworkPolicy desired : HdfsNetworkPolicies.all(p)) {
      assertEquals(null, policy(desired), desired.getMetadata().getName() + " outlived networkPolicies.enabled=false");
    }
    assertTrue(h.eventReasons().contains("NetworkPolicyRemoved"), h.eventReasons().toString());
    assertNotNull(client.apps().statefulSets().inNamespace(h.ns).withName(Names.namenode(p)).get(),
        "HDFS itself stays");
  }

  private NetworkPolicy policy(NetworkPolicy like) {
    return client.network().v1().networkPolicies().inNamespace(h.ns).withName(like.getMetadata().getName()).get();
  }

  @Test
  void deletingAReadyPipelineGarbageCollectsEveryChild() throws Exception {
    h.create(Pipelines.minimal("gone"));
    h.toReady("gone");
    List<String> children = children("gone");
    assertTrue(children.size() > 20, "the pipeline made its children: " + children);

    client.resources(WebLogPipeline.class).inNamespace(h.ns).withName("gone").delete();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
    while (!children("gone").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertEquals(List.of(), children("gone"), "the garbage collector deletes every child through its owner reference"
        + " (was: " + children + ")");
  }

  /** Every object in the namespace named after the pipeline, as Kind/name. */
  private List<String> children(String pipeline) {
    return PipelineObjects.in(client, h.ns).stream().filter(o -> o.getMetadata().getName().startsWith(pipeline + "-"))
        .map(o -> o.getKind() + "/" + o.getMetadata().getName()).sorted().toList();
  }

  @Test
  void invalidSpecGetsAClearConditionAndNothingIsCreated() throws Exception {
    WebLogPipeline bad = Pipelines.minimal("bad");
    bad.getSpec().getHdfs().setMode(dev.weblog.operator.api.Mode.EXTERNAL);
    bad.getSpec().getTraining().setSchedule("61 * * * *");
    h.create(bad);
    WebLogPipeline p = h.reconcile("bad");
    Condition ready = condition(p, Condition.READY);
    assertEquals("InvalidSpec", ready.getReason());
    assertTrue(ready.getMessage().contains(dev.weblog.operator.api.Rules.HDFS_EXTERNAL_NEEDS_URI_MSG),
        ready.getMessage());
    assertTrue(ready.getMessage().contains("spec.training.schedule"), ready.getMessage());
    assertEquals(Phase.FAILED, p.getStatus().getPhase());
    assertEquals(List.of(), client.apps().statefulSets().inNamespace(h.ns).list().getItems());
    assertEquals(List.of(), client.serviceAccounts().inNamespace(h.ns).list().getItems().stream()
        .filter(sa -> sa.getMetadata().getName().startsWith("bad-")).toList());
    assertEquals(List.of(), client.pods().inNamespace(h.ns).list().getItems());
    assertTrue(h.eventReasons().contains("InvalidSpec"));
    String crd = new String(Harness.class.getResourceAsStream("/META-INF/fabric8/weblogpipelines.weblog.dev-v1.yml")
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(crd.contains(dev.weblog.operator.api.Rules.HDFS_EXTERNAL_NEEDS_URI_MSG),
        "the API server refuses it first where the CRD can say so");
  }

  @Test
  void externalHdfsAndKafkaSkipTheirSteps() {
    WebLogPipeline ext = Pipelines.external();
    h.create(ext);
    WebLogPipeline p = h.reconcile("ext");
    assertEquals("External", condition(p, Condition.HDFS_READY).getReason());
    assertEquals("External", condition(p, Condition.KAFKA_READY).getReason());
    assertEquals(List.of(), client.apps().statefulSets().inNamespace(h.ns).list().getItems());
    assertEquals(Phase.INGESTING, p.getStatus().getPhase());
  }
}
