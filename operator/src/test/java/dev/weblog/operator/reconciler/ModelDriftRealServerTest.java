package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.common.StreamMetricNames;
import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.LiveStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.reconciler.stream.ModelDrift;
import dev.weblog.operator.support.ChartRbac;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift as the operator acts on it, the stream driver's drift series served by a fake driver and read over real
 * HTTP: ModelsCurrent through NotMonitored, NoDrift and Drift beside a Ready pipeline, one ModelDrift Event and one
 * retrain (with --recent-since) per detection across reconciles, an operator restart and a refused retrain; a new
 * streak is a new detection. The operator acts with exactly the Helm chart's RBAC.
 */
class ModelDriftRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final Instant SINCE = Harness.START.plusSeconds(60);

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

  /** Both targets monitored; gender drifting since {@code since} when not null. */
  static String series(Instant since) {
    StringBuilder sb = new StringBuilder();
    for (String t : List.of("age_group", "gender")) {
      boolean drifts = since != null && t.equals("gender");
      String l = "{target=\"" + t + "\",}";
      sb.append(StreamMetricNames.MODEL_TEST_ACCURACY).append(l).append(t.equals("gender") ? " 0.9291\n" : " 0.4512\n");
      sb.append(StreamMetricNames.DRIFT_PSI).append("{feature=\"device\",target=\"").append(t).append("\",} ")
          .append(drifts ? "0.45" : "0.03").append('\n');
      sb.append(StreamMetricNames.DRIFT_STREAK).append(l).append(drifts ? " 3\n" : " 0\n");
      sb.append(StreamMetricNames.DRIFT_DETECTED).append(l).append(drifts ? " 1\n" : " 0\n");
      sb.append(StreamMetricNames.DRIFT_SINCE).append(l).append(' ')
          .append(drifts ? since.getEpochSecond() : 0).append('\n');
    }
    return sb.toString();
  }

  long events(String reason) {
    return h.eventReasons().stream().filter(reason::equals).count();
  }

  /** Retrains started; ModelsReady turning DriftRetraining also records an Event of that reason, as the schedule's. */
  long retrainsStarted() {
    return h.events().stream().filter(e -> DriftRetrain.EVENT.equals(e.getReason())
        && e.getMessage().contains("starting drift retrain")).count();
  }

  List<String> trainArgs(WebLogPipeline p, Target t) {
    int attempt = p.getStatus().getStages().get(SparkStage.train(t).id()).getAttempt();
    return h.pod(driver(p, SparkStage.train(t), attempt)).getSpec().getContainers().get(0).getArgs();
  }

  @Test
  void aDetectionIsAnnouncedAndRetrainedOnceEvenWhenTheGateRefusesTheRetrain() {
    WebLogPipeline created = Pipelines.minimal("drift");
    created.getSpec().getTraining().getRetrain().setOnDrift(true);
    h.create(created);
    h.driver.liveAccuracy.put("gender", 0.91);
    WebLogPipeline p = h.toReady("drift");
    assertEquals(ModelDrift.NOT_MONITORED, condition(p, Condition.MODELS_CURRENT).getReason(),
        "a driver without drift series");

    h.driver.extra = series(null);
    p = h.reconcile("drift");
    Condition current = condition(p, Condition.MODELS_CURRENT);
    assertEquals(ConditionStatus.TRUE, current.getStatus(), current.getMessage());
    assertEquals(ModelDrift.NO_DRIFT, current.getReason());
    LiveStatus live = p.getStatus().getModels().getGender().getLive();
    assertEquals(List.of(0.91, 0.9291, 0.03, "device", false), List.of(live.getAccuracy(), live.getTestAccuracy(),
        live.getWorstPsi(), live.getWorstFeature(), live.getDrifting()));

    h.driver.extra = series(SINCE);
    p = h.reconcile("drift");
    current = condition(p, Condition.MODELS_CURRENT);
    assertEquals(ConditionStatus.FALSE, current.getStatus());
    assertEquals(Condition.DRIFT, current.getReason());
    assertTrue(current.getMessage().contains("gender drifts since " + SINCE + ": feature 'device' PSI 0.450"),
        current.getMessage());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus(), "a drifting model still serves");
    assertEquals(1, events(ModelDrift.EVENT));

    p = h.reconcile("drift");
    assertEquals(DriftRetrain.EVENT, condition(p, Condition.MODELS_READY).getReason());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus());
    h.restartOperator();
    for (int i = 0; i < 3; i++) {
      p = h.reconcile("drift");
    }
    assertEquals(1, events(ModelDrift.EVENT), "the same detection, across reconciles and an operator restart");
    assertEquals(1, retrainsStarted());

    // The targets train in turn, each on the lines since the drift began.
    for (Target t : Target.values()) {
      List<String> args = trainArgs(p, t);
      assertEquals(SINCE.toString(), args.get(args.indexOf(JobContract.OPT_RECENT_SINCE) + 1), args.toString());
      SparkStage stage = SparkStage.train(t);
      int attempt = p.getStatus().getStages().get(stage.id()).getAttempt();
      h.sim.podEnded(driver(p, stage, attempt), h.ns, JobContract.EXIT_GATE_REFUSED, "{\"target\":\"" + t.id()
          + "\",\"version\":2,\"accuracy\":0.1,\"promoted\":false,\"current\":1,\"reason\":\"accuracy 0.1 < 0.2\"}");
      p = h.reconcile("drift");
    }
    int attempts = p.getStatus().getStages().get(SparkStage.train(Target.GENDER).id()).getAttempt();
    for (int i = 0; i < 3; i++) {
      p = h.reconcile("drift");
    }
    assertEquals(attempts, p.getStatus().getStages().get(SparkStage.train(Target.GENDER).id()).getAttempt(),
        "the refused retrain is not started again for the same streak");
    assertEquals(1, retrainsStarted());
    assertEquals("ModelsReady", condition(p, Condition.MODELS_READY).getReason());
    assertEquals("v1", p.getStatus().getModels().getGender().getVersion());

    Instant later = SINCE.plusSeconds(3600);
    h.driver.extra = series(later);
    p = h.reconcile("drift");
    p = h.reconcile("drift");
    assertEquals(2, events(ModelDrift.EVENT), "a new streak is a new detection");
    assertEquals(2, retrainsStarted());
    List<String> args = trainArgs(p, Target.AGE_GROUP);
    assertEquals(later.toString(), args.get(args.indexOf(JobContract.OPT_RECENT_SINCE) + 1));
    assertEquals(2, p.getStatus().getDrift().getRetrains());

    h.update("drift", q -> q.getSpec().setSuspend(true));
    p = h.reconcile("drift");
    assertEquals("Suspended", condition(p, Condition.MODELS_CURRENT).getReason());
  }
}
