package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.NS;
import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Target;
import dev.weblog.operator.OperatorPermissions;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.HdfsBuilder;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.ProducerBuilder;
import dev.weblog.operator.builders.SparkAppBuilder;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A minimal pipeline from nothing to Ready, step by step, with the test playing every other actor. */
@EnableKubernetesMockClient(crud = true)
class PipelineLifecycleTest {

  static final String OPERATOR_AGENT = "weblog-operator-under-test";

  KubernetesMockServer server;
  KubernetesClient client;
  KubernetesClient operatorClient;
  Harness h;

  @BeforeEach
  void setUp() {
    operatorClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
        .withUserAgent(OPERATOR_AGENT).build()).build();
    h = new Harness(client, operatorClient);
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
    StatefulSet nn = client.apps().statefulSets().inNamespace(NS).withName(Names.namenode(p)).get();
    assertEquals(HdfsBuilder.namenode(p).getSpec(), nn.getSpec(), "the NameNode is the builder's");
    assertNotNull(client.serviceAccounts().inNamespace(NS).withName(Names.spark(p)).get());
    assertEquals(List.of(), client.pods().inNamespace(NS).list().getItems(), "no driver before HDFS is ready");

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
    assertEquals(SparkAppBuilder.build(p, SparkStage.ingest(), 1).driver().getSpec(), ingest.getSpec(),
        "the ingest driver is the builder's");
    assertEquals("Ingesting", condition(p, Condition.INGESTED).getReason());

    h.sim.podEnded(ingest.getMetadata().getName(), NS, 0, "ingested 100000 lines");
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

    h.sim.podRunning(driver(p, SparkStage.stream(), 1), NS);
    p = h.reconcile("demo");
    assertEquals(Phase.STREAMING, p.getStatus().getPhase());
    for (Condition c : p.getStatus().getConditions()) {
      assertEquals(ConditionStatus.TRUE, c.getStatus(), c.getType() + ": " + c.getMessage());
      assertEquals(1L, c.getObservedGeneration(), c.getType());
      assertNotNull(c.getLastTransitionTime(), c.getType());
      assertTrue(c.getMessage().contains("analytics/demo"), "names the pipeline: " + c.getMessage());
    }
    assertEquals(1L, p.getStatus().getObservedGeneration());
    assertNotNull(p.getStatus().getLastReconciledSpec());
    Deployment producer = client.apps().deployments().inNamespace(NS).withName(Names.producer(p)).get();
    assertEquals(ProducerBuilder.deployment(p).getSpec(), producer.getSpec());
    assertTrue(h.eventReasons().containsAll(List.of("HdfsReady", "KafkaReady", "HistoryLoaded", "DriverStarted",
        "Ingested", "ModelPromoted", "ModelsReady", "StreamRunning", "ProducerCreated", "Ready")),
        h.eventReasons().toString());

    String before = p.getMetadata().getResourceVersion();
    int objects = client.pods().inNamespace(NS).list().getItems().size();
    p = h.reconcile("demo");
    assertEquals(objects, client.pods().inNamespace(NS).list().getItems().size(), "a reconcile at rest is a no-op");
    assertNotNull(before);

    List<RequestLog.Access> made = RequestLog.drain(server, OPERATOR_AGENT);
    assertTrue(made.stream().anyMatch(a -> a.resource().equals("pods") && a.verb().equals("create")),
        "the operator's requests were recorded: " + made.size());
    List<RequestLog.Access> denied = made.stream()
        .filter(a -> !OperatorPermissions.allows(a.group(), a.resource(), a.verb())).toList();
    assertEquals(List.of(), denied, "requests outside OperatorPermissions.RULES");
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
    assertTrue(ready.getMessage().contains(dev.weblog.operator.api.Rules.HDFS_EXTERNAL_NEEDS_URI_MSG), ready.getMessage());
    assertTrue(ready.getMessage().contains("spec.training.schedule"), ready.getMessage());
    assertEquals(Phase.FAILED, p.getStatus().getPhase());
    assertEquals(List.of(), client.apps().statefulSets().inNamespace(NS).list().getItems());
    assertEquals(List.of(), client.serviceAccounts().inNamespace(NS).list().getItems());
    assertEquals(List.of(), client.pods().inNamespace(NS).list().getItems());
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
    assertEquals(List.of(), client.apps().statefulSets().inNamespace(NS).list().getItems());
    assertEquals(Phase.INGESTING, p.getStatus().getPhase());
  }
}
