package dev.weblog.operator.reconciler.stream;

import dev.weblog.common.monitor.ModelWatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.PrometheusText;
import dev.weblog.common.monitor.DriftRule;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.DriftStatus;
import dev.weblog.operator.api.LiveStatus;
import dev.weblog.operator.reconciler.DriftRetrain;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drift monitor's series as the operator reads them, and what it makes of them: condition, Events, retrains. */
class ModelDriftTest {

  private static final Instant SINCE = Instant.parse("2026-01-05T10:00:00Z");
  private static final DriftRule RULE = DriftRule.DEFAULTS;

  /** A driver's scrape: gender drifts on browser, age_group is fine, nothing else about either is missing. */
  static final String SCRAPE = """
      # HELP weblog_stream_drift_psi x
      weblog_stream_live_accuracy{target="gender",} 0.8123
      weblog_stream_live_accuracy{target="age_group",} NaN
      weblog_stream_model_test_accuracy{target="gender",} 0.9291
      weblog_stream_model_test_accuracy{target="age_group",} 0.4512
      weblog_stream_drift_psi{feature="browser",target="gender",} 0.412
      weblog_stream_drift_psi{feature="hour",target="gender",} 0.05
      weblog_stream_drift_psi{feature="os",target="gender",} NaN
      weblog_stream_drift_psi{feature="browser",target="age_group",} 0.031
      weblog_stream_drift_unseen_share{feature="browser",target="gender",} 0.1
      weblog_stream_drift_class_shift{target="gender",} 0.12
      weblog_stream_drift_class_shift{target="age_group",} 0.01
      weblog_stream_drift_streak_batches{target="gender",} 4.0
      weblog_stream_drift_streak_batches{target="age_group",} 0.0
      weblog_stream_drift_detected{target="gender",} 1.0
      weblog_stream_drift_detected{target="age_group",} 0.0
      weblog_stream_drift_since_timestamp_seconds{target="gender",} 1.7676072E9
      weblog_stream_drift_since_timestamp_seconds{target="age_group",} 0.0
      weblog_stream_drift_detections_total{target="gender",} 1.0
      """;

  static Map<String, ModelWatch> parse(String text) {
    return DriverSample.of(PrometheusText.parse(text), SINCE).models();
  }

  @Test
  void aScrapeGivesEachTargetsLiveFiguresAndItsWorstFeature() {
    Map<String, ModelWatch> models = parse(SCRAPE);
    ModelWatch gender = models.get("gender");
    assertEquals(0.8123, gender.accuracy());
    assertEquals(0.9291, gender.testAccuracy());
    assertEquals(Map.of("browser", 0.412, "hour", 0.05), gender.psi(), "NaN is no figure");
    assertEquals(new ModelWatch.Feature("browser", 0.412), gender.worst().orElseThrow());
    assertEquals(4, gender.streak());
    assertTrue(gender.detected() && gender.monitored());
    assertEquals(SINCE, gender.since());
    ModelWatch age = models.get("age_group");
    assertNull(age.accuracy(), "no labelled line yet");
    assertFalse(age.detected());
    assertNull(age.since(), "0: no streak");

    LiveStatus live = ModelDrift.live(gender, "2026-01-05T10:05:00Z");
    assertEquals(List.of(0.8123, 0.9291, 0.412, "browser", 4, true, SINCE.toString(), "2026-01-05T10:05:00Z"),
        List.of(live.getAccuracy(), live.getTestAccuracy(), live.getWorstPsi(), live.getWorstFeature(),
            live.getDriftStreak(), live.getDrifting(), live.getDriftSince(), live.getCheckedAt()));
  }

  @Test
  void aTargetWithoutDriftSeriesIsNotMonitoredAndADriverWithoutAnyIsUnknown() {
    Map<String, ModelWatch> models = parse("weblog_stream_live_accuracy{target=\"gender\",} 0.9\n");
    assertFalse(models.get("gender").monitored(), "its version has no training profile");
    ModelDrift.Verdict v = ModelDrift.judge("ns/p", models, RULE, false);
    assertEquals(ConditionStatus.UNKNOWN, v.status());
    assertEquals(ModelDrift.NOT_MONITORED, v.reason());
    assertTrue(v.message().contains("gender") && v.message().contains("training profile"), v.message());
    assertEquals(ModelDrift.NOT_MONITORED, ModelDrift.judge("ns/p", Map.of(), RULE, false).reason());
  }

  @Test
  void driftNamesTheTargetTheFeatureItsPsiTheAccuracyAndSinceWhen() {
    ModelDrift.Verdict v = ModelDrift.judge("ns/p", parse(SCRAPE), RULE, false);
    assertEquals(ConditionStatus.FALSE, v.status());
    assertEquals("Drift", v.reason());
    for (String part : List.of("gender drifts since 2026-01-05T10:00:00Z", "feature 'browser' PSI 0.412 (threshold "
        + "0.2)", "live accuracy 0.812 vs test accuracy 0.929 (more than 0.05 below)",
        "retrain with "
            + "training.retrain.onDrift: true, or by hand")) {
      assertTrue(v.message().contains(part), part + " in " + v.message());
    }
    assertFalse(v.message().contains("age_group"), "only the drifting target: " + v.message());
    assertTrue(ModelDrift.judge("ns/p", parse(SCRAPE), RULE, true).message().contains("retraining on the history"));
  }

  @Test
  void noDriftSaysTheWorstPsiAndTheLiveAccuracy() {
    ModelDrift.Verdict v = ModelDrift.judge("ns/p", parse(SCRAPE.replace("drift_detected{target=\"gender\",} 1.0",
        "drift_detected{target=\"gender\",} 0.0")), RULE, false);
    assertEquals(ConditionStatus.TRUE, v.status());
    assertEquals(ModelDrift.NO_DRIFT, v.reason());
    assertTrue(v.message().contains("age_group worst PSI 0.031 (browser), no labelled line yet"), v.message());
    assertTrue(v.message().contains("gender worst PSI 0.412 (browser), live accuracy 0.812 (test 0.929)"),
        v.message());
  }

  @Test
  void aModelNotJudgedYetIsNeitherCurrentNorDrifting() {
    String fresh = """
        weblog_stream_live_accuracy{target="gender",} NaN
        weblog_stream_drift_psi{feature="browser",target="gender",} NaN
        weblog_stream_drift_streak_batches{target="gender",} 0.0
        weblog_stream_drift_detected{target="gender",} 0.0
        weblog_stream_drift_streak_batches{target="age_group",} 0.0
        weblog_stream_drift_detected{target="age_group",} 0.0
        """;
    ModelDrift.Verdict v = ModelDrift.judge("ns/p", parse(fresh), RULE, false);
    assertEquals(ConditionStatus.UNKNOWN, v.status());
    assertEquals(ModelDrift.AWAITING_LINES, v.reason());
    assertTrue(v.message().contains("has not judged age_group, gender yet: a unit needs 1000 lines"), v.message());
    ModelDrift.Verdict one = ModelDrift.judge("ns/p", parse(fresh.replace(
        "weblog_stream_drift_psi{feature=\"browser\",target=\"gender\",} NaN",
        "weblog_stream_drift_psi{feature=\"browser\",target=\"gender\",} 0.04")), RULE, false);
    assertEquals(ModelDrift.NO_DRIFT, one.reason(), "one target judged and current: " + one.message());
    assertTrue(one.message().endsWith("; not judged yet: age_group"), one.message());
  }

  @Test
  void aDetectionIsAnnouncedOnceAndANewStreakIsANewDetection() {
    Map<String, ModelWatch> models = parse(SCRAPE);
    List<ModelDrift.Detection> fresh = ModelDrift.fresh(models, null, RULE);
    assertEquals(List.of("gender"), fresh.stream().map(ModelDrift.Detection::target).toList());
    assertEquals(SINCE, fresh.get(0).since());
    DriftStatus st = new DriftStatus();
    st.getDetected().put("gender", SINCE.toString());
    assertEquals(List.of(), ModelDrift.fresh(models, st, RULE), "the same drift-since: announced already");
    Map<String, ModelWatch> later = parse(SCRAPE.replace("1.7676072E9", "1.7676108E9"));
    assertEquals(List.of("gender"), ModelDrift.fresh(later, st, RULE).stream().map(ModelDrift.Detection::target)
        .toList(), "a good batch ended the streak, a new one began an hour later");
  }

  @Test
  void aRetrainIsDueOncePerAnnouncedDetectionWhileItsDriftLasts() {
    LiveStatus drifting = ModelDrift.live(parse(SCRAPE).get("gender"), "t");
    DriftStatus st = new DriftStatus();
    assertEquals(Map.of(), DriftRetrain.due(Map.of("gender", drifting), null), "nothing announced");
    assertEquals(Map.of(), DriftRetrain.due(Map.of("gender", drifting), st), "not announced yet");
    st.getDetected().put("gender", SINCE.toString());
    assertEquals(Map.of("gender", SINCE), DriftRetrain.due(Map.of("gender", drifting), st));
    st.getRetrained().put("gender", SINCE.toString());
    assertEquals(Map.of(), DriftRetrain.due(Map.of("gender", drifting), st),
        "retrained once; a refused retrain leaves the same streak, which never retrains again");
    st.getRetrained().clear();
    drifting.setDrifting(false);
    assertEquals(Map.of(), DriftRetrain.due(Map.of("gender", drifting), st),
        "the drift ended before training was idle");
  }
}
