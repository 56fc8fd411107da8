package dev.weblog.local;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.LabelOrder;
import dev.weblog.common.Target;
import dev.weblog.local.report.DemoReport;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.model.ModelRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The stream part of the report, read back from what StreamJob wrote to HDFS, restricted to the Kafka offsets
 * of this run: counts, duplicates, latency (Kafka timestamp to the batch's commit), live accuracy.
 */
final class StreamFigures {

  private static final int HISTOGRAM_BUCKETS = 24;
  private static final String LATENCY = "latency_ms";

  private StreamFigures() {}

  static DemoReport.Stream of(SparkSession spark, FileSystem fs, HdfsLayout layout, ModelRegistry registry,
      long linesSent, Map<Integer, long[]> window) throws IOException {
    String hdfsUri = fs.getUri().toString();
    Column inWindow = lit(false);
    for (Map.Entry<Integer, long[]> e : window.entrySet()) {
      inWindow = inWindow.or(col(StreamColumns.KAFKA_PARTITION).equalTo(e.getKey())
          .and(col(StreamColumns.KAFKA_OFFSET).geq(e.getValue()[0]))
          .and(col(StreamColumns.KAFKA_OFFSET).lt(e.getValue()[1])));
    }
    Dataset<Row> predictions = spark.read().parquet(hdfsUri + layout.streamPredictions()).where(inWindow).cache();
    // No malformed line ever seen means no quarantine folder at all.
    Dataset<Row> quarantine = fs.exists(new Path(layout.streamQuarantine()))
        ? spark.read().parquet(hdfsUri + layout.streamQuarantine()).where(inWindow) : null;
    Dataset<Row> batches = spark.read().parquet(hdfsUri + layout.streamBatches());
    try {
      long predicted = predictions.count();
      long quarantined = quarantine == null ? 0 : quarantine.count();
      Dataset<Row> keys = predictions.select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET,
          StreamColumns.BATCH_ID);
      if (quarantine != null) {
        keys = keys.unionByName(quarantine.select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET,
            StreamColumns.BATCH_ID));
      }
      long distinct = keys.select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET).distinct().count();
      Dataset<Row> runBatches = batches.join(keys.select(StreamColumns.BATCH_ID).distinct(), StreamColumns.BATCH_ID);
      Row work = runBatches.agg(sum(StreamColumns.INPUT_ROWS), sum(unix_millis(col(StreamColumns.COMMITTED_AT))
          .minus(unix_millis(col(StreamColumns.PROCESSED_AT))))).first();
      double busySeconds = work.isNullAt(1) ? 0 : work.getLong(1) / 1000.0;
      double throughput = busySeconds <= 0 ? 0 : (work.isNullAt(0) ? 0 : work.getLong(0)) / busySeconds;
      Dataset<Row> latencies = predictions.join(batches.select(StreamColumns.BATCH_ID, StreamColumns.COMMITTED_AT),
          StreamColumns.BATCH_ID).select(
              unix_millis(col(StreamColumns.COMMITTED_AT))
                  .minus(unix_millis(col(StreamColumns.KAFKA_TIMESTAMP))).cast("double").as(LATENCY))
          .cache();
      DemoReport.Latency latency = latency(latencies);
      latencies.unpersist();
      return new DemoReport.Stream(linesSent, predicted, quarantined, predicted + quarantined - distinct, throughput,
          latency, liveAccuracy(predictions), distribution(predictions, true), distribution(predictions, false),
          unseenLabels(predictions, registry),
          quarantine == null ? Map.of() : counts(quarantine.groupBy(StreamColumns.KIND).count()));
    } finally {
      predictions.unpersist();
    }
  }

  private static DemoReport.Latency latency(Dataset<Row> latencies) {
    Row p = latencies.agg(expr("percentile(" + LATENCY + ", array(0.5, 0.95, 0.99))"), max(LATENCY), min(LATENCY))
        .first();
    if (p.isNullAt(0)) {
      return new DemoReport.Latency(0, 0, 0, List.of(), List.of());
    }
    List<Double> q = p.getList(0);
    // The buckets span the observed range only, so a 4 s latency does not leave 4 s of empty chart.
    double low = Math.floor(p.getDouble(2));
    double width = Math.max(1, Math.ceil((p.getDouble(1) - low + 1) / HISTOGRAM_BUCKETS));
    Map<Long, Long> byBucket = new TreeMap<>();
    for (Row r : latencies.groupBy(floor(col(LATENCY).minus(low).divide(width)).as("b")).count().collectAsList()) {
      byBucket.merge(Math.min(HISTOGRAM_BUCKETS - 1, Math.max(0, r.getLong(0))), r.getLong(1), Long::sum);
    }
    List<Double> upper = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (int b = 0; b < HISTOGRAM_BUCKETS; b++) {
      upper.add(low + (b + 1) * width);
      counts.add(byBucket.getOrDefault((long) b, 0L));
    }
    return new DemoReport.Latency(q.get(0), q.get(1), q.get(2), upper, counts);
  }

  /** Share of labeled live rows whose prediction equals the label they carried; absent when none carried one. */
  private static Map<String, Double> liveAccuracy(Dataset<Row> predictions) {
    Map<String, Double> accuracy = new LinkedHashMap<>();
    for (Target t : Target.values()) {
      Row r = predictions.where(col(StreamColumns.observed(t)).isNotNull())
          .agg(avg(when(col(StreamColumns.predicted(t)).equalTo(col(StreamColumns.observed(t))), 1.0)
              .otherwise(0.0)), count(lit(1)))
          .first();
      if (r.getLong(1) > 0) {
        accuracy.put(t.id(), r.getDouble(0));
      }
    }
    return accuracy;
  }

  /** Label counts over labeled live rows: the predicted labels, or the true ones. */
  private static Map<String, Map<String, Long>> distribution(Dataset<Row> predictions, boolean predicted) {
    Map<String, Map<String, Long>> byTarget = new LinkedHashMap<>();
    for (Target t : Target.values()) {
      String column = predicted ? StreamColumns.predicted(t) : StreamColumns.observed(t);
      Map<String, Long> counts = counts(predictions.where(col(StreamColumns.observed(t)).isNotNull())
          .groupBy(column).count());
      Map<String, Long> ordered = new LinkedHashMap<>();
      LabelOrder.sorted(counts.keySet()).forEach(label -> ordered.put(label, counts.get(label)));
      byTarget.put(t.id(), ordered);
    }
    return byTarget;
  }

  /**
   * Labeled live rows whose label is not a class of the model version that scored them: a model cannot predict a
   * label it never saw, so each is a miss. Counted per (version, label), a handful of rows to collect.
   */
  private static Map<String, Long> unseenLabels(Dataset<Row> predictions, ModelRegistry registry) {
    Map<String, Long> unseen = new LinkedHashMap<>();
    for (Target t : Target.values()) {
      long rows = 0;
      Map<Integer, Set<String>> classes = new HashMap<>();
      for (Row r : predictions.where(col(StreamColumns.observed(t)).isNotNull())
          .groupBy(StreamColumns.modelVersion(t), StreamColumns.observed(t)).count().collectAsList()) {
        int version = r.getInt(0);
        Set<String> known = classes.computeIfAbsent(version, v -> Set.copyOf(registry.metrics(t, v)
            .map(ModelMetrics::classes).orElse(List.of())));
        rows += known.contains(r.getString(1)) ? 0 : r.getLong(2);
      }
      unseen.put(t.id(), rows);
    }
    return unseen;
  }

  private static Map<String, Long> counts(Dataset<Row> grouped) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : grouped.collectAsList()) {
      counts.put(String.valueOf(r.get(0)), r.getLong(1));
    }
    return counts;
  }
}
