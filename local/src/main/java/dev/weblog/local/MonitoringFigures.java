package dev.weblog.local;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.common.generator.GroundTruth;
import dev.weblog.local.report.DemoReport;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.train.TrainResult;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The report's drift monitoring, read back from what the stream wrote: its monitoring table ({@code stream/monitor/},
 * one row per batch and target) for the timeline and the detection, its predictions for the accuracies before the
 * shift, after it and after the promotion of the retrained model.
 */
final class MonitoringFigures {

  private MonitoringFigures() {}

  /**
   * @param runBatches the micro-batches of this run
   * @param driftStart the event time of the first shifted line; null without a generated drift
   * @param drift what the demo's drift watch saw and the retrains it ran, per target
   * @param streamStart when the stream stage began: the timeline's zero
   */
  static Map<String, DemoReport.Monitoring> of(SparkSession spark, FileSystem fs, HdfsLayout layout,
      Map<Integer, long[]> window, Set<Long> runBatches, GroundTruth truth, LocalDateTime driftStart,
      Map<Target, DriftRetrain.Outcome> drift, Instant streamStart) throws IOException {
    if (!fs.exists(new Path(layout.streamMonitor())) || runBatches.isEmpty()) {
      return Map.of();
    }
    String hdfsUri = fs.getUri().toString();
    Dataset<Row> monitor = spark.read().parquet(hdfsUri + layout.streamMonitor())
        .where(col(StreamColumns.BATCH_ID).isin(runBatches.toArray()));
    Dataset<Row> predictions = spark.read().parquet(hdfsUri + layout.streamPredictions())
        .where(StreamFigures.inWindow(window)).cache();
    try {
      Column shifted = driftStart == null ? lit(false)
          : col(dev.weblog.common.Column.TIMESTAMP.columnName()).geq(lit(Timestamp.valueOf(driftStart)));
      Long shiftBatch = driftStart == null ? null : firstBatch(predictions.where(shifted));
      Map<String, DemoReport.Monitoring> out = new LinkedHashMap<>();
      for (Target t : Target.values()) {
        List<DemoReport.MonitorBatch> timeline = timeline(monitor, t, streamStart);
        if (timeline.isEmpty()) {
          continue;
        }
        out.put(t.id(), monitoring(t, timeline, shiftBatch, predictions, shifted, truth, drift.get(t), streamStart));
      }
      return out;
    } finally {
      predictions.unpersist();
    }
  }

  private static DemoReport.Monitoring monitoring(Target t, List<DemoReport.MonitorBatch> timeline, Long shiftBatch,
      Dataset<Row> predictions, Column shifted, GroundTruth truth, DriftRetrain.Outcome outcome,
      Instant streamStart) {
    DemoReport.MonitorBatch detected = timeline.stream().filter(DemoReport.MonitorBatch::detected).findFirst()
        .orElse(null);
    long boundary = shiftBatch == null ? Long.MAX_VALUE : shiftBatch;
    int falseAlarms = alarms(timeline, boundary);
    Double maxPsiBefore = maxJudgedPsi(timeline, boundary);
    TrainResult result = outcome == null ? null : outcome.result();
    Integer promoted = result != null && result.promoted() ? result.version() : null;
    Long promotedAt = promoted == null ? null : timeline.stream().filter(b -> b.modelVersion() == promoted)
        .map(DemoReport.MonitorBatch::batchId).findFirst().orElse(null);
    Dataset<Row> labelled = predictions.where(col(StreamColumns.observed(t)).isNotNull());
    Column version = col(StreamColumns.modelVersion(t));
    double[] afterPromotion = promoted == null ? new double[] {Double.NaN, 0}
        : accuracy(labelled.where(version.equalTo(promoted)), t);
    GroundTruth.AfterDrift after = truth == null ? null : truth.drift();
    return new DemoReport.Monitoring(detected != null, shiftBatch, detected == null ? null : detected.batchId(),
        detected == null ? null : detected.atSeconds(), falseAlarms, maxPsiBefore,
        retrain(outcome, streamStart), promotedAt,
        nan(accuracy(labelled.where(shifted.unary_$bang()), t)[0]),
        shiftBatch == null ? null : nan(accuracy(labelled.where(shifted.and(promoted == null ? lit(true)
            : version.notEqual(promoted))), t)[0]),
        nan(afterPromotion[0]), (long) afterPromotion[1],
        truth == null ? null : truth.bayesOptimal(t), after == null ? null : after.bayesOptimal(t),
        after == null ? null : after.preDriftDecision(t), timeline);
  }

  /** Detections before {@code boundary}: each start of a detected run of batches counts once. */
  static int alarms(List<DemoReport.MonitorBatch> timeline, long boundary) {
    int alarms = 0;
    boolean was = false;
    for (DemoReport.MonitorBatch b : timeline) {
      if (b.batchId() >= boundary) {
        break;
      }
      alarms += b.detected() && !was ? 1 : 0;
      was = b.detected();
    }
    return alarms;
  }

  private static DemoReport.Retrain retrain(DriftRetrain.Outcome o, Instant streamStart) {
    if (o == null || o.retrainStarted() == null) {
      return null;
    }
    TrainResult r = o.result();
    ModelMetrics.Recent recent = r == null ? null : r.metrics().recent();
    double finished = o.retrainFinished() == null ? Double.NaN : seconds(o.retrainFinished(), streamStart);
    String what = r == null ? (o.error() == null ? "still running" : "failed: " + o.error())
        : r.promoted() ? "promoted" : "refused: " + r.gateReason();
    return new DemoReport.Retrain(seconds(o.retrainStarted(), streamStart), finished, r != null && r.promoted(),
        r == null ? null : "v" + r.version(), recent == null ? null : recent.accuracy(),
        recent == null ? null : recent.servingAccuracy(), what);
  }

  /**
   * The largest worst-feature PSI of a batch before {@code boundary} that the window judged. A batch whose lines were
   * pooled for a later one counts for nothing: a first batch of 124 lines scattered to 0.74 in a stationary run.
   */
  static Double maxJudgedPsi(List<DemoReport.MonitorBatch> timeline, long boundary) {
    return timeline.stream().filter(b -> b.batchId() < boundary && b.worstPsi() != null && b.judgedLines() != null)
        .map(DemoReport.MonitorBatch::worstPsi).max(Double::compare).orElse(null);
  }

  private static List<DemoReport.MonitorBatch> timeline(Dataset<Row> monitor, Target t, Instant streamStart) {
    List<DemoReport.MonitorBatch> rows = new ArrayList<>();
    for (Row r : monitor.where(col(StreamColumns.TARGET).equalTo(t.id()))
        .select(col(StreamColumns.BATCH_ID), unix_millis(col(StreamColumns.PROCESSED_AT)),
            col(StreamColumns.MODEL_VERSION), col(StreamColumns.LINES),
            col(StreamColumns.LABELLED), col(StreamColumns.ACCURACY),
            col(StreamColumns.WORST_PSI), col(StreamColumns.WORST_FEATURE),
            col(StreamColumns.DRIFT_STREAK), col(StreamColumns.DRIFT_DETECTED), col(StreamColumns.JUDGED_LINES))
        .orderBy(StreamColumns.BATCH_ID).collectAsList()) {
      rows.add(new DemoReport.MonitorBatch(((Number) r.get(0)).longValue(),
          (r.getLong(1) - streamStart.toEpochMilli()) / 1000.0, r.getInt(2), r.getLong(3), r.getLong(4),
          r.isNullAt(5) ? null : nan(r.getDouble(5)), r.isNullAt(6) ? null : nan(r.getDouble(6)),
          r.isNullAt(7) ? null : r.getString(7), r.getInt(8), r.getBoolean(9), r.isNullAt(10) ? null : r.getLong(10)));
    }
    return rows;
  }

  private static Long firstBatch(Dataset<Row> rows) {
    Row r = rows.agg(min(StreamColumns.BATCH_ID)).first();
    return r.isNullAt(0) ? null : ((Number) r.get(0)).longValue();
  }

  /** Accuracy and labelled lines; NaN accuracy without any. */
  private static double[] accuracy(Dataset<Row> labelled, Target t) {
    Row r = labelled.agg(avg(when(col(StreamColumns.predicted(t)).equalTo(col(StreamColumns.observed(t))), 1.0)
        .otherwise(0.0)), count(lit(1))).first();
    return r.getLong(1) == 0 ? new double[] {Double.NaN, 0} : new double[] {r.getDouble(0), r.getLong(1)};
  }

  private static double seconds(Instant at, Instant start) {
    return (at.toEpochMilli() - start.toEpochMilli()) / 1000.0;
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
