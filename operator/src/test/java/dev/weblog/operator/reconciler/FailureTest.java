package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failed drivers: retried with backoff, given up past the limit, the stream restarted, restarts idempotent. */
class FailureTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final SparkStage AGE = SparkStage.train(Target.AGE_GROUP);

  KubernetesClient client;
  Harness h;

  @BeforeEach
  void setUp() {
    client = KUBE.client();
    h = new Harness(client, client, KUBE.namespace());
  }

  /** Up to the first training driver running. */
  private WebLogPipeline toTraining(WebLogPipeline spec) {
    h.create(spec);
    return h.toTraining(spec.getMetadata().getName());
  }

  @Test
  void batchDriverFailingTwiceIsRetriedWithBackoffThenSucceeds() {
    WebLogPipeline p = toTraining(Pipelines.minimal("retry"));
    h.sim.podEnded(driver(p, AGE, 1), h.ns, 1, "java.io.IOException: HDFS hiccup");
    p = h.reconcile("retry");
    assertEquals(Duration.ofSeconds(10), h.lastRequeue.orElseThrow(), "first pause is the initial backoff");
    assertNull(h.pod(driver(p, AGE, 2)), "no retry before the pause is over");
    assertTrue(condition(p, Condition.MODELS_READY).getMessage().contains("HDFS hiccup"));
    h.clock.advance(Duration.ofSeconds(10));
    p = h.reconcile("retry");
    assertNotNull(h.pod(driver(p, AGE, 2)), "second attempt after the pause");

    h.sim.podEnded(driver(p, AGE, 2), h.ns, 1, "java.io.IOException: again");
    p = h.reconcile("retry");
    assertEquals(Duration.ofSeconds(20), h.lastRequeue.orElseThrow(), "the pause doubles");
    h.clock.advance(Duration.ofSeconds(19));
    p = h.reconcile("retry");
    assertNull(h.pod(driver(p, AGE, 3)));
    h.clock.advance(Duration.ofSeconds(1));
    p = h.reconcile("retry");
    h.sim.podEnded(driver(p, AGE, 3), h.ns, 0, Harness.AGE_OK);
    p = h.reconcile("retry");
    assertEquals("v1", p.getStatus().getModels().getAgeGroup().getVersion());
    assertEquals(2, p.getStatus().getStages().get(AGE.id()).getFailures());
    assertNotNull(h.pod(driver(p, SparkStage.train(Target.GENDER), 1)), "on to the next target");
    assertEquals(2, h.events().stream().filter(e -> "DriverFailed".equals(e.getReason())).count());
  }

  @Test
  void failingPastTheLimitFailsThePipelineWithTheDriversMessage() {
    WebLogPipeline spec = Pipelines.minimal("doomed");
    spec.getSpec().getRetries().setLimit(1);
    WebLogPipeline p = toTraining(spec);
    h.sim.podEnded(driver(p, AGE, 1), h.ns, 1, "first");
    h.reconcile("doomed");
    h.clock.advance(Duration.ofMinutes(1));
    p = h.reconcile("doomed");
    h.sim.podEnded(driver(p, AGE, 2), h.ns, 1, "java.lang.OutOfMemoryError: Java heap space");
    p = h.reconcile("doomed");
    assertEquals(Phase.FAILED, p.getStatus().getPhase());
    Condition models = condition(p, Condition.MODELS_READY);
    assertEquals("TrainingFailed", models.getReason());
    assertTrue(models.getMessage().contains("OutOfMemoryError: Java heap space"), models.getMessage());
    assertTrue(models.getMessage().contains("spec.retries.limit is 1"), models.getMessage());
    assertEquals(ConditionStatus.FALSE, condition(p, Condition.READY).getStatus());
    h.clock.advance(Duration.ofHours(1));
    p = h.reconcile("doomed");
    assertNull(h.pod(driver(p, AGE, 3)), "no attempt after giving up");
  }

  @Test
  void usageErrorIsNotRetried() {
    WebLogPipeline p = toTraining(Pipelines.minimal("usage"));
    h.sim.podEnded(driver(p, AGE, 1), h.ns, 2, "--max-depth must be within 1..30");
    p = h.reconcile("usage");
    assertEquals(Phase.FAILED, p.getStatus().getPhase());
    assertTrue(condition(p, Condition.MODELS_READY).getMessage().contains("not retried"));
  }

  /** An unavailable service is the cluster's state, not the run's fault: retried past spec.retries.limit. */
  @Test
  void unavailableServiceIsRetriedAfterThePauseWithoutUsingUpTheLimit() {
    WebLogPipeline spec = Pipelines.minimal("unavailable");
    spec.getSpec().getRetries().setLimit(1);
    WebLogPipeline p = toTraining(spec);
    for (int attempt = 1; attempt <= 3; attempt++) {
      h.sim.podEnded(driver(p, AGE, attempt), h.ns, JobContract.EXIT_UNAVAILABLE, "host 'hdfs.example.invalid' of "
          + "hdfs://hdfs.example.invalid:8020 (--hdfs) does not resolve (yet)");
      p = h.reconcile("unavailable");
      assertTrue(p.getStatus().getPhase() != Phase.FAILED, "attempt " + attempt + ": not given up");
      h.clock.advance(Duration.ofMinutes(5));
      p = h.reconcile("unavailable");
      assertNotNull(h.pod(driver(p, AGE, attempt + 1)), "attempt " + (attempt + 1) + " once the pause is over");
    }
  }

  @Test
  void unavailableServiceIsRetriedAfterThePause() {
    WebLogPipeline p = toTraining(Pipelines.minimal("unavailable-once"));
    h.sim.podEnded(driver(p, AGE, 1), h.ns, JobContract.EXIT_UNAVAILABLE,
        "cannot reach HDFS at hdfs://unavailable-hdfs:8020 (--hdfs): ConnectException: Connection refused");
    p = h.reconcile("unavailable-once");
    assertTrue(p.getStatus().getPhase() != Phase.FAILED, "not a failure a person must fix");
    h.clock.advance(Duration.ofSeconds(10));
    p = h.reconcile("unavailable-once");
    assertNotNull(h.pod(driver(p, AGE, 2)), "a second attempt once the pause is over");
  }

  @Test
  void gateRefusalKeepsTheServingModelAndIsNotAFailure() {
    WebLogPipeline p = h.create(Pipelines.minimal("gate"));
    h.toReady("gate");
    h.update("gate", x -> x.getSpec().getTraining().setMaxDepth(12));
    p = h.reconcile("gate");
    h.sim.podEnded(driver(p, AGE, 2), h.ns, 3, "{\"target\":\"age_group\",\"version\":2,\"accuracy\":0.31,"
        + "\"promoted\":false,\"current\":1,\"reason\":\"0.31 is more than 0.02 below v1\"}");
    p = h.reconcile("gate");
    assertEquals("v1", p.getStatus().getModels().getAgeGroup().getVersion());
    assertTrue(h.eventReasons().contains("ModelRefused"));
    assertNotNull(h.pod(driver(p, SparkStage.train(Target.GENDER), 2)), "on to the next target");
  }

  @Test
  void failedStreamingDriverIsRestartedFromItsCheckpoint() {
    h.create(Pipelines.minimal("stream"));
    WebLogPipeline p = h.toReady("stream");
    h.sim.podEnded(driver(p, SparkStage.stream(), 1), h.ns, 137, "OOMKilled");
    p = h.reconcile("stream");
    assertEquals("StreamRestarting", condition(p, Condition.STREAMING_RUNNING).getReason());
    assertNull(h.pod(driver(p, SparkStage.stream(), 2)));
    h.clock.advance(Duration.ofSeconds(10));
    p = h.reconcile("stream");
    assertNotNull(h.pod(driver(p, SparkStage.stream(), 2)), "a new attempt, named apart from the old executors");
    h.sim.podRunning(driver(p, SparkStage.stream(), 2), h.ns);
    p = h.reconcile("stream");
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus());
  }

  @Test
  void operatorRestartInTheMiddleOfTrainingCreatesNoDuplicateDriver() {
    WebLogPipeline p = toTraining(Pipelines.minimal("restart"));
    h.sim.podRunning(driver(p, AGE, 1), h.ns);
    h.restartOperator();
    h.reconcile("restart");
    h.restartOperator();
    p = h.reconcile("restart");
    assertEquals(1, h.driverPods(p, AGE).size());
    assertEquals(1, p.getStatus().getStages().get(AGE.id()).getAttempt());
    assertEquals(1, client.batch().v1().jobs().inNamespace(h.ns).list().getItems().size());
    assertEquals(1, h.driverPods(p, SparkStage.ingest()).size());
  }

  @Test
  void deletedChildObjectsAreRecreated() {
    WebLogPipeline p = toTraining(Pipelines.minimal("gone"));
    client.pods().inNamespace(h.ns).withName(driver(p, AGE, 1)).delete();
    client.apps().statefulSets().inNamespace(h.ns).withName(dev.weblog.operator.builders.Names.datanode(p)).delete();
    p = h.reconcile("gone");
    assertNotNull(client.apps().statefulSets().inNamespace(h.ns).withName(
        dev.weblog.operator.builders.Names.datanode(p)).get());
    assertEquals("HdfsStarting", condition(p, Condition.HDFS_READY).getReason(), "waits for the new DataNodes");
    h.sim.hdfsReady(p);
    h.reconcile("gone");
    assertNotNull(h.pod(driver(p, AGE, 1)), "the same attempt again");
  }
}
