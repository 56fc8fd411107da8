package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drivers stopped from outside their run on the real API server: evicted through the Eviction API (what
 * {@code kubectl drain} does), evicted by the kubelet (left Failed with reason Evicted), deleted. Each is replaced
 * under the same attempt as soon as its pod is gone, with no failure counted and no backoff; a crash still is one.
 */
class DisruptedDriverRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final SparkStage STREAM = SparkStage.stream();
  static final SparkStage AGE = SparkStage.train(Target.AGE_GROUP);

  KubernetesClient client;
  Harness h;

  @BeforeEach
  void setUp() {
    client = KUBE.client();
    h = new Harness(client, client, KUBE.namespace());
  }

  @Test
  void anEvictedStreamDriverIsReplacedAsSoonAsItIsGoneAndCountedApartFromFailures() {
    h.create(Pipelines.minimal("evicted"));
    WebLogPipeline p = h.toReady("evicted");
    String stream = driver(p, STREAM, 1);
    // Bound to a node, the pod is deleted gracefully: it stays, terminating, as on a real node until the kubelet
    // has stopped it. Nothing here plays the kubelet, so the test says when the pod ends and goes.
    bind(stream);
    evict(stream);
    assertNotNull(h.pod(stream).getMetadata().getDeletionTimestamp(), "the eviction marks the pod for deletion");
    h.sim.podEnded(stream, h.ns, 143, "stopped by SIGTERM after committing batch 7");

    p = h.reconcile("evicted");
    StageStatus st = p.getStatus().getStages().get(STREAM.id());
    Condition running = condition(p, Condition.STREAMING_RUNNING);
    assertEquals("StreamDisrupted", running.getReason(), running.getMessage());
    assertTrue(running.getMessage().contains(stream) && running.getMessage().contains("being deleted"),
        running.getMessage());
    assertEquals(0, st.getFailures(), "an eviction is not a failure, even when the pod ended Failed");
    assertEquals(StageStatus.RUNNING, st.getState(), "no backoff: " + st.getNextAttemptAt());
    assertTrue(h.lastRequeue.orElseThrow().compareTo(Duration.ofSeconds(2)) <= 0, h.lastRequeue.toString());

    client.pods().inNamespace(h.ns).withName(stream).withGracePeriod(0).delete();
    // Its executor still terminating: the same attempt's new driver would name its executors alike.
    String executor = Names.sparkApp(p, STREAM, 1) + "-exec-1";
    client.pods().inNamespace(h.ns).resource(new PodBuilder().withNewMetadata().withName(executor)
        .addToLabels("spark-app-selector", Names.sparkApp(p, STREAM, 1)).addToLabels("spark-role", "executor")
        .endMetadata().withNewSpec().addNewContainer().withName("executor").withImage("spark").endContainer()
        .endSpec().build()).create();
    p = h.reconcile("evicted");
    assertNull(h.pod(stream), "not while an executor of the stopped driver is there");
    assertTrue(condition(p, Condition.STREAMING_RUNNING).getMessage().contains(executor),
        condition(p, Condition.STREAMING_RUNNING).getMessage());
    client.pods().inNamespace(h.ns).withName(executor).withGracePeriod(0).delete();
    p = h.reconcile("evicted");
    st = p.getStatus().getStages().get(STREAM.id());
    assertNotNull(h.pod(stream), "the same attempt starts again at once");
    assertNull(h.pod(driver(p, STREAM, 2)), "not a new attempt");
    assertEquals(1, st.getAttempt());
    assertEquals(1, st.getDisruptions());
    assertEquals(0, st.getFailures());
    assertTrue(h.eventReasons().contains("DriverReplaced"), h.eventReasons().toString());

    // The kubelet's eviction under node pressure: the pod stays Failed until someone deletes it.
    h.sim.podStatus(stream, h.ns, new PodStatusBuilder().withPhase("Failed").withReason("Evicted")
        .withMessage("The node was low on resource: memory.").build());
    p = h.reconcile("evicted");
    assertNull(h.pod(stream), "the kubelet's leftover is deleted");
    assertTrue(condition(p, Condition.STREAMING_RUNNING).getMessage().contains("evicted by the kubelet: The node "
        + "was low on resource: memory."), condition(p, Condition.STREAMING_RUNNING).getMessage());
    p = h.reconcile("evicted");
    st = p.getStatus().getStages().get(STREAM.id());
    assertNotNull(h.pod(stream));
    assertEquals(2, st.getDisruptions());
    assertEquals(0, st.getFailures());

    // A crash is still a failure, with its pause.
    h.sim.podEnded(stream, h.ns, 1, "java.lang.OutOfMemoryError");
    p = h.reconcile("evicted");
    st = p.getStatus().getStages().get(STREAM.id());
    assertEquals(1, st.getFailures());
    assertEquals(StageStatus.RETRYING, st.getState());
    assertEquals(2, st.getDisruptions());
  }

  @Test
  void anEvictedTrainingDriverRunsTheSameAttemptAgainWithoutUsingARetry() {
    h.create(Pipelines.minimal("train-evicted"));
    WebLogPipeline p = h.toTraining("train-evicted");
    String train = driver(p, AGE, 1);
    assertNotNull(h.pod(train), "training started");
    h.sim.podRunning(train, h.ns);
    h.reconcile("train-evicted");

    h.sim.podStatus(train, h.ns, new PodStatusBuilder().withPhase("Failed").withReason("Evicted")
        .withMessage("The node had condition: [DiskPressure].").build());
    p = h.reconcile("train-evicted");
    assertNull(h.pod(train));
    assertTrue(condition(p, Condition.MODELS_READY).getMessage().contains("DiskPressure"),
        condition(p, Condition.MODELS_READY).getMessage());
    p = h.reconcile("train-evicted");
    StageStatus st = p.getStatus().getStages().get(AGE.id());
    Pod again = h.pod(train);
    assertNotNull(again, "the same attempt again");
    assertEquals(1, st.getAttempt());
    assertEquals(0, st.getFailures(), "spec.retries.limit is not used up by evictions");
    assertEquals(1, st.getDisruptions());
  }

  /** streaming.disruptionBudget: the Eviction API refuses the driver while it is on, and is obeyed once off. */
  @Test
  void withItsBudgetTheStreamDriverCannotBeEvictedAndTurningItOffNeedsNoRestart() {
    WebLogPipeline spec = Pipelines.minimal("kept");
    spec.getSpec().getStreaming().setDisruptionBudget(true);
    h.create(spec);
    WebLogPipeline p = h.toReady("kept");
    String stream = driver(p, STREAM, 1);
    String budget = Names.streamDisruptionBudget(p);
    assertNotNull(client.policy().v1beta1().podDisruptionBudget().inNamespace(h.ns).withName(budget).get(),
        "policy/v1beta1 on this 1.20 server");
    bind(stream);
    assertFalse(client.pods().inNamespace(h.ns).withName(stream).evict(), "the budget refuses the eviction");
    assertNull(h.pod(stream).getMetadata().getDeletionTimestamp());

    h.update("kept", q -> q.getSpec().getStreaming().setDisruptionBudget(false));
    p = h.reconcile("kept");
    assertNull(client.policy().v1beta1().podDisruptionBudget().inNamespace(h.ns).withName(budget).get());
    assertNull(h.pod(stream).getMetadata().getDeletionTimestamp(), "turning the budget off restarts nothing");
    evict(stream);
  }

  private void bind(String pod) {
    client.bindings().inNamespace(h.ns).resource(new BindingBuilder().withNewMetadata().withName(pod).endMetadata()
        .withNewTarget().withKind("Node").withName("node-a").endTarget().build()).create();
  }

  private void evict(String pod) {
    boolean evicted = client.pods().inNamespace(h.ns).withName(pod).evict();
    assertTrue(evicted, "the Eviction API refused " + pod);
  }
}
