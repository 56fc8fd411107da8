package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.common.Target;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.model.ModelRegistryTestAccess;
import org.junit.jupiter.api.Test;

/** What live accuracy is judged against: a drift retrain's recent accuracy, not its test accuracy on the old world. */
class StreamMonitorBaselineTest {

  @Test
  void aVersionTrainedWithRecentLinesIsJudgedAgainstItsAccuracyOnThem() {
    ModelMetrics historyOnly = ModelRegistryTestAccess.metrics(Target.GENDER, 0.93);
    assertEquals(0.93, StreamMonitor.baseline(historyOnly));
    ModelMetrics retrained = withRecent(ModelRegistryTestAccess.metrics(Target.GENDER, 0.89),
        new ModelMetrics.Recent("24h", "2026-12-04T10:00:00Z", "2026-12-04T10:00:00Z", "2026-12-04T10:05:00Z", 0.8,
            12_000, 3_000, 0.835, 1, 0.733));
    assertEquals(0.835, StreamMonitor.baseline(retrained));
    ModelMetrics unjudged = withRecent(ModelRegistryTestAccess.metrics(Target.GENDER, 0.89),
        new ModelMetrics.Recent("24h", null, "2026-12-04T10:00:00Z", "2026-12-04T10:05:00Z", 0.8, 100, 0, null,
            null, null));
    assertEquals(0.89, StreamMonitor.baseline(unjudged), "no held-back lines: the test split judges");
  }

  private static ModelMetrics withRecent(ModelMetrics m, ModelMetrics.Recent recent) {
    return new ModelMetrics(m.target(), m.version(), m.algorithm(), m.params(), m.classes(), m.selection(),
        m.trainRows(), m.testRows(), m.accuracy(), m.weightedF1(), m.perClass(), m.confusionMatrix(),
        m.trainingSeconds(), m.dataFingerprint(), m.input(), m.createdAt(), m.sparkVersion(), recent);
  }
}
