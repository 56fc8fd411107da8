package dev.weblog.local.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code report.json}. Other tools read it, so the keys of DESIGN.md are spelled out here rather than derived
 * from Java names; more keys may be added, none renamed.
 */
public final class ReportJson {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static Map<String, Object> toMap(DemoReport report) {
    Map<String, Object> root = new LinkedHashMap<>();
    DemoReport.Ingest in = report.ingest();
    root.put("ingest", ordered(
        "input_lines", in.inputLines(),
        "valid", in.valid(),
        "quarantined", in.quarantined(),
        "seconds", in.seconds(),
        "quarantined_by_kind", in.quarantinedByKind()));
    Map<String, Object> models = new LinkedHashMap<>();
    report.models().forEach((target, m) -> models.put(target, model(m)));
    root.put("models", models);
    if (report.stream() != null) {
      root.put("stream", stream(report.stream()));
    }
    if (report.realtime() != null) {
      root.put("realtime", realtime(report.realtime()));
    }
    if (report.monitoring() != null && !report.monitoring().isEmpty()) {
      Map<String, Object> monitoring = new LinkedHashMap<>();
      report.monitoring().forEach((target, m) -> monitoring.put(target, monitoring(m)));
      root.put("monitoring", monitoring);
    }
    DemoReport.Environment env = report.environment();
    root.put("environment", ordered(
        "cores", env.cores(),
        "max_heap_mb", env.maxHeapMb(),
        "spark", env.spark(),
        "date", env.date(),
        "wall_seconds", env.wallSeconds()));
    root.put("outputs", report.outputs());
    return root;
  }

  public static void write(DemoReport report, Path file) throws IOException {
    JSON.writeValue(file.toFile(), toMap(report));
  }

  private static Map<String, Object> model(DemoReport.Model m) {
    return ordered(
        "version", m.version(),
        "method", m.method(),
        "accuracy", m.accuracy(),
        "bayes_optimal", m.bayesOptimal(),
        "original_method_accuracy", m.originalMethodAccuracy(),
        "train_rows", m.trainRows(),
        "test_rows", m.testRows(),
        "weighted_f1", m.weightedF1(),
        "train_seconds", m.trainSeconds(),
        "classes", m.labels(),
        "labels", m.labels(),
        "confusion_matrix", m.confusion(),
        "precision", m.precision(),
        "recall", m.recall());
  }

  private static Map<String, Object> stream(DemoReport.Stream s) {
    return ordered(
        "lines_sent", s.linesSent(),
        "predicted", s.predicted(),
        "quarantined", s.quarantined(),
        "duplicates", s.duplicates(),
        "throughput_per_s", s.throughputPerS(),
        "latency_ms", latency(s.latency()),
        "live_accuracy", s.liveAccuracy(),
        "predicted_distribution", s.predictedDistribution(),
        "true_distribution", s.trueDistribution(),
        "unseen_labels", s.unseenLabels(),
        "quarantined_by_kind", s.quarantinedByKind(),
        "batches", s.batches().stream().map(b -> ordered(
            "batch_id", b.batchId(),
            "at_s", b.atSeconds(),
            "records", b.records(),
            "consumer_lag", b.consumerLag(),
            "latency_p50_ms", b.latencyP50Ms(),
            "latency_p99_ms", b.latencyP99Ms())).toList());
  }

  private static Map<String, Object> realtime(DemoReport.Realtime r) {
    return ordered(
        "lines", r.lines(),
        "prediction_events", r.predictionEvents(),
        "quarantine_events", r.quarantineEvents(),
        "duplicates", r.duplicates(),
        "lines_without_event", r.linesWithoutEvent(),
        "latency_ms", latency(r.latency()),
        "slots", r.slots());
  }

  private static Map<String, Object> monitoring(DemoReport.Monitoring m) {
    DemoReport.Retrain r = m.retrain();
    return ordered(
        "drift_detected", m.driftDetected(),
        "shift_batch", m.shiftBatch(),
        "detected_at_batch", m.detectedAtBatch(),
        "detected_at_s", m.detectedAtSeconds(),
        "false_alarms", m.falseAlarms(),
        "max_psi_before_shift", m.maxPsiBeforeShift(),
        "retrain", r == null ? null : ordered(
            "started_at_s", r.startedAtSeconds(),
            "finished_at_s", r.finishedAtSeconds(),
            "promoted", r.promoted(),
            "version", r.version(),
            "recent_accuracy", r.recentAccuracy(),
            "serving_recent_accuracy", r.servingRecentAccuracy(),
            "outcome", r.outcome()),
        "promoted_at_batch", m.promotedAtBatch(),
        "live_accuracy_before_shift", m.accuracyBeforeShift(),
        "live_accuracy_after_shift", m.accuracyAfterShift(),
        "live_accuracy_after_promotion", m.accuracyAfterPromotion(),
        "lines_after_promotion", m.linesAfterPromotion(),
        "bayes_optimal_before", m.bayesOptimalBefore(),
        "bayes_optimal_after", m.bayesOptimalAfter(),
        "pre_drift_decision_after", m.preDriftDecisionAfter(),
        "batches", m.timeline().stream().map(b -> ordered(
            "batch_id", b.batchId(),
            "at_s", b.atSeconds(),
            "model_version", b.modelVersion(),
            "lines", b.lines(),
            "labelled", b.labelled(),
            "accuracy", b.accuracy(),
            "worst_psi", b.worstPsi(),
            "worst_feature", b.worstFeature(),
            "drift_streak", b.streak(),
            "judged_lines", b.judgedLines(),
            "drift_detected", b.detected())).toList());
  }

  private static Map<String, Object> latency(DemoReport.Latency l) {
    return ordered("p50", l.p50(), "p95", l.p95(), "p99", l.p99(), "histogram_upper_ms", l.bucketUpperMs(),
        "histogram_counts", l.bucketCounts());
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
