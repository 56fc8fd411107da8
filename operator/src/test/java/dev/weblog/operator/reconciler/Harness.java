package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.metrics.PipelineGauges;
import dev.weblog.operator.reconciler.stream.HttpStreamProbe;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Drives the reconciler by hand: reconcile, write the status as JOSDK would, and play the rest of the cluster
 * (kubelet, workload controllers, Strimzi) with {@link ClusterSim}, on the real API server: one namespace per
 * test, CRDs installed by {@code RealKubernetes}.
 */
final class Harness {

  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  static final String GENDER_OK = "{\"target\":\"gender\",\"version\":1,\"accuracy\":0.9291,\"promoted\":true,"
      + "\"current\":1,\"reason\":\"accuracy 0.9291 >= 0.2\"}";
  static final String AGE_OK = "{\"target\":\"age_group\",\"version\":1,\"accuracy\":0.4512,\"promoted\":true,"
      + "\"current\":1,\"reason\":\"accuracy 0.4512 >= 0.2\"}";

  final KubernetesClient client;
  final KubernetesClient operatorClient;
  final String ns;
  final MutableClock clock = new MutableClock(START);
  final ClusterSim sim;
  final FakeDriver driver = new FakeDriver(clock);
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final PipelineGauges gauges = new PipelineGauges(registry);
  WebLogPipelineReconciler reconciler;
  Optional<Duration> lastRequeue = Optional.empty();

  /** On a server whose CRDs are installed, in namespace {@code ns}. */
  Harness(KubernetesClient client, KubernetesClient operatorClient, String ns) {
    this.client = client;
    this.operatorClient = operatorClient;
    this.ns = ns;
    this.sim = new ClusterSim(client);
    this.reconciler = newReconciler();
  }

  private WebLogPipelineReconciler newReconciler() {
    return new WebLogPipelineReconciler(operatorClient, clock, new HttpStreamProbe(driver::address), gauges);
  }

  /** A new reconciler instance: all an operator restart keeps is what is in the cluster. */
  void restartOperator() {
    reconciler = newReconciler();
  }

  WebLogPipeline create(WebLogPipeline p) {
    p.getMetadata().setUid(null);
    p.getMetadata().setNamespace(ns);
    p.getMetadata().setGeneration(1L);
    return client.resource(p).create();
  }

  WebLogPipeline get(String name) {
    return client.resources(WebLogPipeline.class).inNamespace(ns).withName(name).get();
  }

  /** Writes a new spec as kubectl apply would, bumping the generation. */
  WebLogPipeline update(String name, java.util.function.Consumer<WebLogPipeline> change) {
    WebLogPipeline p = get(name);
    change.accept(p);
    p.getMetadata().setGeneration(p.getMetadata().getGeneration() + 1);
    return client.resource(p).update();
  }

  WebLogPipeline reconcile(String name) {
    WebLogPipeline p = get(name);
    lastRequeue = reconciler.reconcile(p);
    return client.resources(WebLogPipeline.class).inNamespace(ns).resource(p).updateStatus();
  }

  static String driver(WebLogPipeline p, SparkStage stage, int attempt) {
    return Names.sparkApp(p, stage, attempt) + "-driver";
  }

  Pod pod(String name) {
    return client.pods().inNamespace(ns).withName(name).get();
  }

  List<Pod> driverPods(WebLogPipeline p, SparkStage stage) {
    return client.pods().inNamespace(ns).withLabel("app.kubernetes.io/component", stage.id()).list().getItems();
  }

  List<Event> events() {
    return client.v1().events().inNamespace(ns).list().getItems();
  }

  List<String> eventReasons() {
    return events().stream().map(Event::getReason).toList();
  }

  static Condition condition(WebLogPipeline p, String type) {
    return p.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  /** From nothing to the first training drivers started, playing every other actor. */
  WebLogPipeline toTraining(String name) {
    WebLogPipeline p = reconcile(name);
    sim.hdfsReady(p);
    reconcile(name);
    sim.kafkaReady(p);
    reconcile(name);
    sim.jobComplete(p, 1);
    reconcile(name);
    sim.podEnded(driver(p, SparkStage.ingest(), 1), ns, 0, "ingested 100000 lines");
    return reconcile(name);
  }

  /** From nothing to Ready, playing every other actor; returns the Ready pipeline. */
  WebLogPipeline toReady(String name) {
    WebLogPipeline p = toTraining(name);
    trainOk(name, 1);
    reconcile(name);
    sim.podRunning(driver(p, SparkStage.stream(), 1), ns);
    p = reconcile(name);
    assertEquals(dev.weblog.operator.api.ConditionStatus.TRUE, condition(p, Condition.READY).getStatus(),
        "pipeline " + name + " did not become Ready: " + condition(p, Condition.READY).getMessage());
    return p;
  }

  /** Lets the current training attempt of every target succeed with version {@code version}. */
  void trainOk(String name, int version) {
    WebLogPipeline p = get(name);
    for (Target t : List.of(Target.AGE_GROUP, Target.GENDER)) {
      SparkStage stage = SparkStage.train(t);
      int attempt = p.getStatus().getStages().get(stage.id()).getAttempt();
      String ok = (t == Target.GENDER ? GENDER_OK : AGE_OK).replace("\"version\":1", "\"version\":" + version)
          .replace("\"current\":1", "\"current\":" + version);
      sim.podEnded(driver(p, stage, attempt), ns, 0, ok);
      p = reconcile(name);
    }
  }
}
