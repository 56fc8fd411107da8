package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** spec.suspend on the real API server: what stops, what stays, what waits, and the resume. */
class SuspendRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final SparkStage STREAM = SparkStage.stream();
  /** Trained first of the two targets. */
  static final SparkStage AGE = SparkStage.train(Target.AGE_GROUP);

  KubernetesClient client;
  Harness h;

  @BeforeEach
  void setUp() {
    client = KUBE.client();
    h = new Harness(client, client, KUBE.namespace());
  }

  @Test
  void suspendStopsTheProducerAndTheStreamKeepsHdfsAndKafkaAndResumeStartsTheSameAttemptAgain() {
    h.create(Pipelines.minimal("live"));
    WebLogPipeline ready = h.toReady("live");
    String stream = driver(ready, STREAM, 1);
    assertNotNull(deployment(Names.producer(ready)), "the producer runs before");

    h.update("live", p -> p.getSpec().setSuspend(true));
    WebLogPipeline p = h.reconcile("live");
    assertNull(deployment(Names.producer(p)), "the producer is deleted");
    assertNull(h.pod(stream), "the stream driver is deleted (with its grace period on a real node)");
    assertEquals(Phase.SUSPENDED, p.getStatus().getPhase());
    assertEquals(ConditionStatus.FALSE, condition(p, Condition.READY).getStatus());
    assertEquals("Suspended", condition(p, Condition.READY).getReason());
    assertEquals("Suspending", condition(p, Condition.SUSPENDED).getReason(), "its driver was still listed");
    assertTrue(condition(p, Condition.SUSPENDED).getMessage().contains(stream), condition(p, Condition.SUSPENDED)
        .getMessage());

    p = h.reconcile("live");
    Condition suspended = condition(p, Condition.SUSPENDED);
    assertEquals(ConditionStatus.TRUE, suspended.getStatus(), suspended.getMessage());
    assertEquals("Suspended", suspended.getReason());
    assertEquals("Suspended", condition(p, Condition.STREAMING_RUNNING).getReason());
    assertEquals(ConditionStatus.UNKNOWN, condition(p, Condition.STREAM_HEALTHY).getStatus(), "no stream to judge");
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.HDFS_READY).getStatus(), "HDFS stays");
    assertNotNull(statefulSet(Names.namenode(p)));
    assertNotNull(statefulSet(Names.datanode(p)));
    assertTrue(h.eventReasons().containsAll(java.util.List.of("Suspending", "Suspended")), h.eventReasons().toString());

    // A change that retrains waits for the resume: nothing starts while suspended.
    h.update("live", q -> q.getSpec().getTraining().setMaxDepth(12));
    p = h.reconcile("live");
    assertNull(h.pod(driver(p, AGE, 2)), "no retrain while suspended");
    assertEquals(Phase.SUSPENDED, p.getStatus().getPhase());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.SUSPENDED).getStatus());

    h.update("live", q -> q.getSpec().setSuspend(false));
    p = h.reconcile("live");
    assertEquals("Resumed", condition(p, Condition.SUSPENDED).getReason());
    assertEquals(ConditionStatus.FALSE, condition(p, Condition.SUSPENDED).getStatus());
    assertNotNull(h.pod(driver(p, AGE, 2)), "the retrain that fell due runs now");
    h.trainOk("live", 2);
    p = h.reconcile("live");
    assertNotNull(h.pod(stream), "the same stream attempt again, from its checkpoint: " + p.getStatus().getStages()
        .get(STREAM.id()));
    assertNull(h.pod(driver(p, STREAM, 2)), "not a new attempt: resuming is not a failure");
    assertEquals(0, p.getStatus().getStages().get(STREAM.id()).getFailures());
    h.sim.podRunning(stream, h.ns);
    p = h.reconcile("live");
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus(), condition(p, Condition.READY)
        .getMessage());
    assertEquals(Phase.STREAMING, p.getStatus().getPhase());
    assertNotNull(deployment(Names.producer(p)), "the producer is back, after the stream as always");
    assertTrue(h.eventReasons().contains("Resumed"));
  }

  @Test
  void aPipelineSuspendedWhileProvisioningGetsItsHdfsAndKafkaButStartsNoJob() {
    h.create(Pipelines.minimal("early"));
    WebLogPipeline p = h.reconcile("early");
    h.update("early", q -> q.getSpec().setSuspend(true));
    p = h.reconcile("early");
    assertEquals(Phase.SUSPENDED, p.getStatus().getPhase());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.SUSPENDED).getStatus(), "nothing to stop");
    h.sim.hdfsReady(p);
    h.reconcile("early");
    h.sim.kafkaReady(p);
    p = h.reconcile("early");
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.HDFS_READY).getStatus());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.KAFKA_READY).getStatus());
    assertNull(client.batch().v1().jobs().inNamespace(h.ns).withName(Names.historyLoader(p, 1)).get(),
        "no history load while suspended");
    assertNull(deployment(Names.producer(p)));
    assertEquals(Phase.SUSPENDED, p.getStatus().getPhase());

    h.update("early", q -> q.getSpec().setSuspend(false));
    h.reconcile("early");
    Job load = client.batch().v1().jobs().inNamespace(h.ns).withName(Names.historyLoader(p, 1)).get();
    assertNotNull(load, "resumed: the history load starts");
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(h.ns).withName(name).get();
  }

  private StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(h.ns).withName(name).get();
  }
}
