package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.common.RealtimeMetricNames;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.RealtimeStatus;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.KafkaClient;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** spec.realtime on the real API server: its topics and user, its driver kept running, Ready with it, off again. */
class RealtimeRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final SparkStage REALTIME = SparkStage.realtime();

  KubernetesClient client;
  Harness h;

  @BeforeEach
  void setUp() {
    client = KUBE.client();
    h = new Harness(client, client, KUBE.namespace());
  }

  private static WebLogPipeline withRealtime(String name) {
    WebLogPipeline p = Pipelines.minimal(name);
    p.getSpec().getRealtime().setEnabled(true);
    p.getSpec().getRealtime().getExecutor().setCores(3);
    return p;
  }

  @Test
  void theRealtimeDriverRunsBesideTheStreamIsReplacedAndRestartedAndStopsWhenSwitchedOff() {
    h.create(withRealtime("rt"));
    WebLogPipeline p = h.reconcile("rt");
    h.sim.hdfsReady(p);
    h.reconcile("rt");
    p = h.get("rt");
    for (String output : List.of("predictions", "quarantine")) {
      KafkaTopic topic = client.resources(KafkaTopic.class).inNamespace(h.ns)
          .withName(Names.kafkaTopic(p, output)).get();
      assertNotNull(topic, "KafkaTopic for " + output);
      assertEquals("LogAppendTime", topic.getSpec().getConfig().get("message.timestamp.type"));
    }
    assertNotNull(client.resources(KafkaUser.class).inNamespace(h.ns)
        .withName(Names.kafkaUser(p, KafkaClient.REALTIME)).get(), "the real-time job's own KafkaUser");

    h.toTraining("rt");
    h.trainOk("rt", 1);
    h.reconcile("rt");
    h.sim.podRunning(driver(p, SparkStage.stream(), 1), h.ns);
    p = h.reconcile("rt");
    Pod realtime = h.pod(driver(p, REALTIME, 1));
    assertNotNull(realtime, "the real-time driver starts once the stream runs");
    List<String> args = realtime.getSpec().getContainers().get(0).getArgs();
    assertTrue(args.contains(JobContract.REALTIME_MAIN), args.toString());
    assertTrue(args.containsAll(List.of(JobContract.OPT_PREDICTIONS_TOPIC, JobContract.DEFAULT_PREDICTIONS_TOPIC,
        JobContract.OPT_METRICS_PORT)), args.toString());
    assertEquals("RealtimeStarting", condition(p, Condition.REALTIME_RUNNING).getReason());
    assertEquals(ConditionStatus.FALSE, condition(p, Condition.READY).getStatus(), "Ready waits for it");
    assertNotNull(client.apps().deployments().inNamespace(h.ns).withName(Names.producer(p)).get(),
        "the producer does not wait for the real-time job");

    h.driver.extra = String.join("\n",
        RealtimeMetricNames.EVENTS + "{kind=\"prediction\"} 980",
        RealtimeMetricNames.EVENTS + "{kind=\"quarantine\"} 20",
        RealtimeMetricNames.LAG + "{partition=\"0\"} 4", RealtimeMetricNames.LAG + "{partition=\"1\"} 3",
        RealtimeMetricNames.LAST_EVENT + " 1767571200.5",
        RealtimeMetricNames.LATENCY + "_bucket{le=\"0.01\"} 500",
        RealtimeMetricNames.LATENCY + "_bucket{le=\"0.05\"} 990",
        RealtimeMetricNames.LATENCY + "_bucket{le=\"1.0\"} 1000",
        RealtimeMetricNames.LATENCY + "_bucket{le=\"+Inf\"} 1000",
        "");
    h.sim.podRunning(driver(p, REALTIME, 1), h.ns);
    p = h.reconcile("rt");
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.REALTIME_RUNNING).getStatus());
    RealtimeStatus figures = p.getStatus().getRealtime();
    assertEquals(driver(p, REALTIME, 1), figures.getDriver());
    assertEquals(980L, figures.getPredictionEvents());
    assertEquals(20L, figures.getQuarantineEvents());
    assertEquals(7L, figures.getLag());
    assertEquals(0.01, figures.getLatencyP50Seconds(), 1e-9, "the 500th of 1,000 at the first bucket's bound");
    assertEquals(0.05, figures.getLatencyP99Seconds(), 1e-9);
    assertEquals("2026-01-05T00:00:00.500Z", figures.getLastEventTime());
    assertTrue(condition(p, Condition.REALTIME_RUNNING).getMessage().contains("latency p99 50 ms, lag 7"),
        condition(p, Condition.REALTIME_RUNNING).getMessage());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus(),
        condition(p, Condition.READY).getMessage());

    // Deleted from outside: the same attempt again at once, a disruption, not a failure.
    client.pods().inNamespace(h.ns).withName(driver(p, REALTIME, 1)).delete();
    await(() -> h.pod(driver(h.get("rt"), REALTIME, 1)) == null);
    p = h.reconcile("rt");
    StageStatus st = p.getStatus().getStages().get(REALTIME.id());
    assertEquals(1, st.getAttempt());
    assertEquals(1, st.getDisruptions());
    assertEquals(0, st.getFailures());
    assertNotNull(h.pod(driver(p, REALTIME, 1)), "started again under the same name");
    assertTrue(h.eventReasons().contains("DriverReplaced"), h.eventReasons().toString());

    // Failed: restarted from its checkpoint after the backoff, as the stream is.
    h.sim.podEnded(driver(p, REALTIME, 1), h.ns, 4, "Kafka did not answer");
    p = h.reconcile("rt");
    st = p.getStatus().getStages().get(REALTIME.id());
    assertEquals(StageStatus.RETRYING, st.getState());
    assertEquals(1, st.getFailures());
    assertEquals("RealtimeRestarting", condition(p, Condition.REALTIME_RUNNING).getReason());
    assertTrue(condition(p, Condition.REALTIME_RUNNING).getMessage().contains("real-time driver"));

    // A usage error is not restarted.
    h.clock.advance(java.time.Duration.ofMinutes(10));
    p = h.reconcile("rt");
    assertEquals(2, p.getStatus().getStages().get(REALTIME.id()).getAttempt());
    h.sim.podEnded(driver(p, REALTIME, 2), h.ns, JobContract.EXIT_USAGE, "topic has 4 partitions, 3 task slots");
    p = h.reconcile("rt");
    assertEquals(StageStatus.FAILED, p.getStatus().getStages().get(REALTIME.id()).getState());
    assertEquals("RealtimeFailed", condition(p, Condition.REALTIME_RUNNING).getReason());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.STREAMING_RUNNING).getStatus(), "the stream serves on");

    // Switched off: no driver, no condition, Ready on the stream alone.
    h.update("rt", q -> q.getSpec().getRealtime().setEnabled(false));
    p = h.reconcile("rt");
    assertTrue(p.getStatus().getConditions().stream().noneMatch(c -> c.getType().equals(Condition.REALTIME_RUNNING)));
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus(),
        condition(p, Condition.READY).getMessage());
    assertNull(p.getStatus().getRealtime(), "no figures of a job that does not run");
  }

  @Test
  void tooFewTaskSlotsForThePartitionsIsAnInvalidSpecAndNothingIsCreated() {
    WebLogPipeline asked = Pipelines.minimal("slots");
    asked.getSpec().getRealtime().setEnabled(true);
    h.create(asked);
    WebLogPipeline p = h.reconcile("slots");
    Condition ready = condition(p, Condition.READY);
    assertEquals("InvalidSpec", ready.getReason());
    assertTrue(ready.getMessage().contains("realtime.executors (1) x realtime.executor.cores (1) = 1 task slots, "
        + "fewer than kafka.partitions (3)"), ready.getMessage());
    assertNull(client.apps().statefulSets().inNamespace(h.ns).withName(Names.namenode(p)).get());
  }

  private static void await(java.util.function.BooleanSupplier gone) {
    long end = System.currentTimeMillis() + 20_000;
    while (!gone.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < end, "timed out");
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
