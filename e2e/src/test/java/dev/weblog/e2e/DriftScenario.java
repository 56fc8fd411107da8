package dev.weblog.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.StreamMetricNames;
import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.ModelStatus;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.reconciler.DriftRetrain;
import dev.weblog.operator.reconciler.Models;
import dev.weblog.operator.reconciler.stream.ModelDrift;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The drift scenario on a real cluster: a second pipeline ({@code e2e/drift-pipeline.yaml}) on the external Kafka
 * the main scenario made, whose producer's generated world shifts at {@code producer.driftAt}. The models must be
 * called current on the lines before the shift and never drifting there; after it, {@code ModelsCurrent} False with
 * reason Drift, the Events {@code ModelDrift} and {@code DriftRetraining}, a drift retrain ({@code -drift1}) that
 * promotes at least one target with its recent scores in {@code ModelPromoted}, and {@code ModelsCurrent} True again
 * once the stream serves the new versions; Prometheus' {@code WebLogModelDrift} alert fires meanwhile.
 */
final class DriftScenario {

  static final String PIPELINE_FILE = "e2e/drift-pipeline.yaml";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(20);
  private static final String PROMOTED = "ModelPromoted";
  /** Six units of 1,000 lines at the producer's 100 lines/s: twice the drift rule's 3 bad units in a row. */
  private static final Duration HOLD = Duration.ofSeconds(60);

  private final Cluster cluster;
  private final KubernetesClient client;
  private final E2eSummary summary;
  private final E2ePrometheus prometheus;
  private final ExternalKafka kafka;
  private final String version;
  private final Path repo;
  private E2ePipeline pipeline;

  /** {@code prometheus} may be null (no Prometheus on this platform): its check is then left out. */
  DriftScenario(Cluster cluster, E2eSummary summary, E2ePrometheus prometheus, ExternalKafka kafka, String version,
      Path repo) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.summary = summary;
    this.prometheus = prometheus;
    this.kafka = kafka;
    this.version = version;
    this.repo = repo;
  }

  void run() throws IOException {
    WebLogPipeline applied = apply();
    long driftAt = applied.getSpec().getProducer().getDriftAt();
    long before = kafka.lines(cluster);
    Instant t = Instant.now();
    pipeline.editSpec(spec -> spec.getProducer().setEnabled(true));
    Condition current = awaitCurrentBeforeShift(before + driftAt);
    summary.step("drift: models current on the stationary lines", t);
    summary.figure("drift_before_shift", current.getMessage());
    Instant shifted = awaitShift(before + driftAt);
    summary.step("drift: producer line " + driftAt + " sent (the shift)", t);
    Condition drift = Cluster.await("ModelsCurrent False with reason Drift", Duration.ofMinutes(5),
        () -> pipeline.condition(Condition.MODELS_CURRENT).filter(c -> c.getStatus() == ConditionStatus.FALSE
            && Condition.DRIFT.equals(c.getReason())),
        pipeline::progress);
    long toDetect = Duration.between(shifted, Instant.now()).toSeconds();
    summary.fault("drift: shifted replay", true, shifted, "ModelsCurrent False (Drift) " + toDetect
        + " s after the shift: " + drift.getMessage());
    summary.figure("drift_seconds_to_detect", toDetect);
    List<String> drifts = pipeline.events(ModelDrift.EVENT);
    assertFalse(drifts.isEmpty(), "no " + ModelDrift.EVENT + " Event with ModelsCurrent False Drift");
    summary.figure("drift_event", drifts.get(0));
    awaitDriftRetrain(shifted);
    checkAlert();
    t = Instant.now();
    Condition again = Cluster.await("ModelsCurrent True again after the promotion", Duration.ofMinutes(6),
        () -> pipeline.condition(Condition.MODELS_CURRENT).filter(c -> c.getStatus() == ConditionStatus.TRUE),
        pipeline::progress);
    summary.step("drift: ModelsCurrent True again (new versions serving)", t);
    summary.figure("drift_seconds_to_current_again", Duration.between(shifted, Instant.now()).toSeconds());
    holdCurrent();
    delete();
  }

  private WebLogPipeline apply() throws IOException {
    WebLogPipeline p = E2ePipeline.load(repo.resolve(PIPELINE_FILE), cluster.namespace(), version);
    assertEquals(kafka.bootstrapServers(), p.getSpec().getKafka().getBootstrapServers());
    assertEquals(kafka.topic(), p.getSpec().getKafka().getTopic(), "the drift pipeline's topic is the test Kafka's");
    assertFalse(p.getSpec().getProducer().isEnabled(), "the producer starts once the stream runs");
    Instant t = Instant.now();
    client.resource(p).inNamespace(cluster.namespace()).create();
    pipeline = new E2ePipeline(client, cluster.namespace(), p.getMetadata().getName());
    WebLogPipeline ready = pipeline.awaitReady(READY_TIMEOUT);
    summary.step("drift: pipeline " + pipeline.name() + " applied until Ready", t);
    return ready;
  }

  /**
   * ModelsCurrent True with reason NoDrift on the lines before the shift, once the stream has judged both targets
   * (a PSI in each one's {@code live} status; NoDrift needs only one). A Drift verdict before the shift is a false
   * alarm and fails the test.
   */
  private Condition awaitCurrentBeforeShift(long shiftLine) {
    return Cluster.await("ModelsCurrent True (NoDrift) on judged lines before the shift", Duration.ofMinutes(5),
        () -> {
          Optional<Condition> c = pipeline.condition(Condition.MODELS_CURRENT);
          c.filter(x -> Condition.DRIFT.equals(x.getReason())).ifPresent(x -> {
            throw new AssertionError("drift reported on the stationary lines (a false alarm): " + x.getMessage());
          });
          if (kafka.lines(cluster) >= shiftLine) {
            throw new AssertionError("the producer reached its shift before the models were judged current ("
                + c.map(x -> x.getReason() + ": " + x.getMessage()).orElse("no ModelsCurrent") + ")");
          }
          return c.filter(x -> x.getStatus() == ConditionStatus.TRUE && ModelDrift.NO_DRIFT.equals(x.getReason())
              && judged(pipeline.current()));
        }, pipeline::progress);
  }

  /** Every target's live status carries a PSI: the stream judged at least one unit of lines for it. */
  private static boolean judged(WebLogPipeline p) {
    for (Target target : Target.values()) {
      ModelStatus m = p == null || p.getStatus() == null ? null : Models.get(p.getStatus(), target);
      if (m == null || m.getLive() == null || m.getLive().getWorstPsi() == null) {
        return false;
      }
    }
    return true;
  }

  /** When the topic holds the shift's first line, as seen by polling (within about 3 s); no drift until then. */
  private Instant awaitShift(long shiftLine) {
    return Cluster.await("the producer's shift (line " + shiftLine + " of the topic)", Duration.ofMinutes(10), () -> {
      pipeline.condition(Condition.MODELS_CURRENT).filter(x -> Condition.DRIFT.equals(x.getReason())).ifPresent(x -> {
        throw new AssertionError("drift reported before the shift (a false alarm): " + x.getMessage());
      });
      return kafka.lines(cluster) >= shiftLine ? Optional.of(Instant.now()) : Optional.empty();
    }, () -> kafka.lines(cluster) + " lines in the topic");
  }

  /**
   * The operator's drift retrain: the Event, both targets trained under a {@code -drift1} run key, and at least one
   * promoted by the gate on the recent lines (its {@code ModelPromoted} names both recent scores).
   */
  private void awaitDriftRetrain(Instant shifted) {
    Instant t = Instant.now();
    List<String> retraining = Cluster.await("the " + DriftRetrain.EVENT + " Event", Duration.ofMinutes(3),
        () -> Optional.of(pipeline.events(DriftRetrain.EVENT)).filter(e -> !e.isEmpty()), pipeline::progress);
    summary.figure("drift_retrain_event", retraining.get(0));
    WebLogPipeline done = Cluster.await("the drift retrain of every target", Duration.ofMinutes(15),
        () -> Optional.ofNullable(pipeline.current()).filter(DriftScenario::driftRetrainDone), pipeline::progress);
    Map<String, String> decided = new TreeMap<>();
    for (Target target : Target.values()) {
      StageStatus s = done.getStatus().getStages().get(SparkStage.train(target).id());
      ModelStatus m = Models.get(done.getStatus(), target);
      decided.put(target.id(), s.getState() + ", serving " + m.getVersion());
    }
    List<String> promoted = pipeline.events(PROMOTED).stream().filter(m -> m.contains("; recent ")).toList();
    summary.fault("drift: retrain on the recent lines", !promoted.isEmpty(), t, decided + "; " + promoted);
    summary.figure("drift_retrain_promoted", promoted);
    summary.figure("drift_seconds_to_promotion", Duration.between(shifted, Instant.now()).toSeconds());
    assertTrue(!promoted.isEmpty(), "the drift retrain promoted no target: " + decided + "; Events "
        + pipeline.events("ModelRefused"));
  }

  /**
   * The promoted versions stay current on the shifted lines for {@link #HOLD}, longer than the rule's window of
   * bad units: right after the swap the condition is True because the hot swap starts a fresh window, which says
   * nothing yet of the new models. Their figures at the end go in the summary.
   */
  private void holdCurrent() {
    Instant t = Instant.now();
    Instant end = t.plus(HOLD);
    while (Instant.now().isBefore(end)) {
      pipeline.condition(Condition.MODELS_CURRENT).filter(c -> c.getStatus() == ConditionStatus.FALSE).ifPresent(
          c -> {
            throw new AssertionError("the drift-retrained models drift again on the shifted lines: "
                + c.getMessage());
          });
      Cluster.sleep(Duration.ofSeconds(5));
    }
    String figures = pipeline.condition(Condition.MODELS_CURRENT).map(Condition::getMessage).orElse("none");
    summary.step("drift: the new versions stay current for " + HOLD.toSeconds() + " s", t);
    summary.figure("drift_after_promotion", figures);
  }

  /** Both train stages ran a drift run key to its end: promoted (completed) or refused by the gate. */
  private static boolean driftRetrainDone(WebLogPipeline p) {
    if (p.getStatus() == null || p.getStatus().getStages() == null) {
      return false;
    }
    for (Target target : Target.values()) {
      StageStatus s = p.getStatus().getStages().get(SparkStage.train(target).id());
      if (s == null || s.getRunKey() == null || !s.getRunKey().contains("-drift")
          || !(s.getRunKey().equals(s.getCompletedRunKey()) || "Refused".equals(s.getState()))) {
        return false;
      }
    }
    return true;
  }

  /** Prometheus fired WebLogModelDrift (its {@code for:} cut to 5 s here) while the stream reported drift. */
  private void checkAlert() {
    if (prometheus == null) {
      return;
    }
    String fired = "max(max_over_time(ALERTS{alertname=\"WebLogModelDrift\",alertstate=\"firing\"}[1h]))";
    boolean seen = ClusterE2eTest.awaitTrue(Duration.ofMinutes(2), () -> prometheus.value(fired).orElse(0.0) == 1);
    double detections = prometheus.value("sum(max_over_time(" + StreamMetricNames.DRIFT_DETECTIONS + "[1h]))")
        .orElse(0.0);
    summary.check("WebLogModelDrift fires on the shifted replay", seen && detections >= 1, "ALERTS firing seen: "
        + seen + "; " + StreamMetricNames.DRIFT_DETECTIONS + " = " + detections);
  }

  private void delete() {
    Instant t = Instant.now();
    String instance = "app.kubernetes.io/instance=" + pipeline.name();
    client.resource(pipeline.current()).inNamespace(cluster.namespace()).delete();
    Cluster.await("the drift pipeline's pods to go", Duration.ofMinutes(5),
        () -> cluster.pods(instance).isEmpty() ? Optional.of(true) : Optional.empty(),
        () -> cluster.pods(instance).size() + " pods left");
    client.persistentVolumeClaims().inNamespace(cluster.namespace()).withLabelSelector(instance).delete();
    summary.step("drift: pipeline deleted", t);
  }
}
