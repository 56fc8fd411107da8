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
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each kind of spec change on a Ready pipeline leads to exactly its action; and the retraining schedule. */
class SpecChangeReconcileTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final SparkStage AGE = SparkStage.train(Target.AGE_GROUP);
  static final SparkStage STREAM = SparkStage.stream();

  KubernetesClient client;
  Harness h;
  WebLogPipeline ready;

  @BeforeEach
  void setUp() {
    client = KUBE.client();
    h = new Harness(client, client, KUBE.namespace());
    h.create(Pipelines.minimal("live"));
    ready = h.toReady("live");
  }

  private int driverCount() {
    return client.pods().inNamespace(h.ns).list().getItems().size();
  }

  private String streamUid(int attempt) {
    Pod pod = h.pod(driver(ready, STREAM, attempt));
    return pod == null ? null : pod.getMetadata().getUid();
  }

  @Test
  void trainingParamsRetrainAndTheStreamKeepsRunning() {
    String stream = streamUid(1);
    h.update("live", p -> p.getSpec().getTraining().setMaxDepth(12));
    WebLogPipeline p = h.reconcile("live");
    assertEquals(2L, p.getStatus().getObservedGeneration());
    assertNotNull(h.pod(driver(p, AGE, 2)), "retrain");
    assertEquals(stream, streamUid(1), "the stream is not restarted");
    assertEquals(Phase.TRAINING, p.getStatus().getPhase());
    Condition readyCondition = condition(p, Condition.READY);
    assertEquals(ConditionStatus.FALSE, readyCondition.getStatus(), "not Ready for generation 2 yet");
    assertEquals(2L, readyCondition.getObservedGeneration());
    h.trainOk("live", 2);
    p = h.reconcile("live");
    assertEquals("v2", p.getStatus().getModels().getGender().getVersion());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus());
    assertEquals(stream, streamUid(1), "the stream swapped the model itself");
    assertNull(h.pod(driver(p, STREAM, 2)));
    assertTrue(h.eventReasons().contains("SpecChanged"));
  }

  @Test
  void streamingParamsRestartTheStreamOnly() {
    int before = driverCount();
    h.update("live", p -> p.getSpec().getStreaming().setTrigger("5 seconds"));
    WebLogPipeline p = h.reconcile("live");
    assertNull(h.pod(driver(p, STREAM, 1)), "old driver stopped");
    assertNotNull(h.pod(driver(p, STREAM, 2)), "new driver from the checkpoint");
    assertEquals(before, driverCount(), "no training driver");
    assertNull(h.pod(driver(p, AGE, 2)));
    assertTrue(h.eventReasons().contains("StreamRestarting"));
  }

  @Test
  void producerRateUpdatesTheProducerOnly() {
    String stream = streamUid(1);
    int before = driverCount();
    h.update("live", p -> p.getSpec().getProducer().setRate(50));
    h.reconcile("live");
    List<String> args = client.apps().deployments().inNamespace(h.ns).withName(Names.producer(ready)).get().getSpec()
        .getTemplate().getSpec().getContainers().get(0).getArgs();
    assertEquals("50", args.get(args.indexOf("--rate") + 1));
    assertEquals(before, driverCount());
    assertEquals(stream, streamUid(1));
  }

  @Test
  void hdfsSizingUpdatesTheStatefulSet() {
    int before = driverCount();
    h.update("live", p -> p.getSpec().getHdfs().setDatanodes(3));
    WebLogPipeline p = h.reconcile("live");
    assertEquals(3, client.apps().statefulSets().inNamespace(h.ns).withName(Names.datanode(p)).get().getSpec()
        .getReplicas());
    assertEquals("HdfsStarting", condition(p, Condition.HDFS_READY).getReason());
    assertEquals(before, driverCount());
  }

  @Test
  void unsafeChangeIsRefusedWholeAndNothingIsHalfApplied() {
    String lastSpec = ready.getStatus().getLastReconciledSpec();
    h.update("live", p -> {
      p.getSpec().getHdfs().setBase("/elsewhere");
      p.getSpec().getProducer().setRate(99);
    });
    WebLogPipeline p = h.reconcile("live");
    Condition c = condition(p, Condition.READY);
    assertEquals("SpecChangeRefused", c.getReason());
    assertTrue(c.getMessage().contains("hdfs.base"), c.getMessage());
    assertEquals(2L, c.getObservedGeneration());
    assertEquals(lastSpec, p.getStatus().getLastReconciledSpec());
    List<String> args = client.apps().deployments().inNamespace(h.ns).withName(Names.producer(ready)).get().getSpec()
        .getTemplate().getSpec().getContainers().get(0).getArgs();
    assertEquals("1", args.get(args.indexOf("--rate") + 1), "the acceptable part was not applied either");
  }

  @Test
  void scheduledRetrainingFiresAndNeverOverlapsARunningOne() {
    h.update("live", p -> p.getSpec().getTraining().setSchedule("0 3 * * *"));
    WebLogPipeline p = h.reconcile("live");
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus(), "a schedule changes nothing now");
    assertNull(h.pod(driver(p, AGE, 2)));

    h.clock.set(Instant.parse("2026-01-05T03:00:30Z"));
    p = h.reconcile("live");
    assertNotNull(h.pod(driver(p, AGE, 2)), "the 03:00 slot starts a run");
    assertEquals("ScheduledRetraining", condition(p, Condition.MODELS_READY).getReason());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus(), "still serving");

    h.clock.set(Instant.parse("2026-01-06T03:00:30Z"));
    p = h.reconcile("live");
    assertEquals(1, h.driverPods(p, AGE).stream().filter(x -> x.getMetadata().getName().endsWith("-2-driver")
        || x.getMetadata().getName().endsWith("-3-driver")).count(), "no second run while one is going on");
    assertNull(h.pod(driver(p, AGE, 3)));
    assertTrue(h.eventReasons().contains("ScheduledRunSkipped"));

    h.trainOk("live", 2);
    h.clock.advance(Duration.ofHours(1));
    p = h.reconcile("live");
    assertNull(h.pod(driver(p, AGE, 3)), "the skipped slot is not made up");
    h.clock.set(Instant.parse("2026-01-07T03:00:30Z"));
    p = h.reconcile("live");
    assertNotNull(h.pod(driver(p, AGE, 3)), "the next slot runs again");
    assertEquals(2, p.getStatus().getSchedule().getRuns());
  }
}
