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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
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

  static final int HISTOGRAM_BUCKETS = 24;
  private static final String LATENCY = "latency_ms";

  private StreamFigures() {}

  static DemoReport.Stream of(SparkSession spark, FileSystem fs, HdfsLayout layout, ModelRegistry registry,
      long linesSent, Map<Integer, long[]> window) throws IOException {
    String hdfsUri = fs.getUri().toString();
    Column inWindow = inWindow(window);
    Dataset<Row> predictions = spark.read().parquet(hdfsUri + layout.streamPredictions()).where(inWindow).cache();
    // No malformed line ever seen means no quarantine folder at all.
    Dataset<Row> quarantine = fs.exists(new Path(layout.streamQuarantine()))
        ? spark.read().parquet(hdfsUri + layout.streamQuarantine()).where(inWindow) : null;
    Dataset<Row> batches = spark.read().parquet(hdfsUri + layout.streamBatches());
    try {
      long predicted = predictions.count();
      long quarantined = quarantine == null ? 0 : quarantine.count();
      Dataset<Row> keys = predictions.select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET,
          StreamColumns.BATCH_ID, StreamColumns.KAFKA_TIMESTAMP);
      if (quarantine != null) {
        keys = keys.unionByName(quarantine.select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET,
            StreamColumns.BATCH_ID, StreamColumns.KAFKA_TIMESTAMP));
      }
      long distinct = keys.select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET).distinct().count();
      Dataset<Row> runBatches = batches.join(keys.select(StreamColumns.BATCH_ID).distinct(), StreamColumns.BATCH_ID);
      Row work = runBatches.agg(sum(StreamColumns.INPUT_ROWS), sum(unix_millis(col(StreamColumns.COMMITTED_AT))
          .minus(unix_millis(col(StreamColumns.PROCESSED_AT))))).first();
      double busySeconds = work.isNullAt(1) ? 0 : work.getLong(1) / 1000.0;
      double throughput = busySeconds <= 0 ? 0 : (work.isNullAt(0) ? 0 : work.getLong(0)) / busySeconds;
      Dataset<Row> latencies = predictions.join(batches.select(StreamColumns.BATCH_ID, StreamColumns.COMMITTED_AT),
          StreamColumns.BATCH_ID).select(col(StreamColumns.BATCH_ID),
              unix_millis(col(StreamColumns.COMMITTED_AT))
                  .minus(unix_millis(col(StreamColumns.KAFKA_TIMESTAMP))).cast("double").as(LATENCY))
          .cache();
      DemoReport.Latency latency = latency(latencies);
      List<DemoReport.Batch> perBatch = perBatch(runBatches, keys, latencies);
      latencies.unpersist();
      return new DemoReport.Stream(linesSent, predicted, quarantined, predicted + quarantined - distinct, throughput,
          latency, liveAccuracy(predictions), distribution(predictions, true), distribution(predictions, false),
          unseenLabels(predictions, registry),
          quarantine == null ? Map.of() : counts(quarantine.groupBy(StreamColumns.KIND).count()), perBatch);
    } finally {
      predictions.unpersist();
    }
  }

  /** The rows of this run: Kafka offsets {@code [from, to)} per partition. */
  static Column inWindow(Map<Integer, long[]> window) {
    Column inWindow = lit(false);
    for (Map.Entry<Integer, long[]> e : window.entrySet()) {
      inWindow = inWindow.or(col(StreamColumns.KAFKA_PARTITION).equalTo(e.getKey())
          .and(col(StreamColumns.KAFKA_OFFSET).geq(e.getValue()[0]))
          .and(col(StreamColumns.KAFKA_OFFSET).lt(e.getValue()[1])));
    }
    return inWindow;
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

  /** A micro-batch as the stream logged it, with the run's records it committed. */
  record BatchTimes(long batchId, long processedAtMillis, long committedAtMillis, long records) {}

  /**
   * The run's micro-batches with their consumer lag at commit and their lines' latency percentiles. Only the small
   * aggregates reach the driver: one row per batch, and the run's records counted per Kafka timestamp millisecond.
   */
  private static List<DemoReport.Batch> perBatch(Dataset<Row> runBatches, Dataset<Row> keys,
      Dataset<Row> latencies) {
    Map<Long, Long> records = new HashMap<>();
    for (Row r : keys.groupBy(StreamColumns.BATCH_ID).count().collectAsList()) {
      records.put(((Number) r.get(0)).longValue(), r.getLong(1));
    }
    List<BatchTimes> times = new ArrayList<>();
    for (Row r : runBatches.select(col(StreamColumns.BATCH_ID), unix_millis(col(StreamColumns.PROCESSED_AT)),
        unix_millis(col(StreamColumns.COMMITTED_AT))).collectAsList()) {
      long id = ((Number) r.get(0)).longValue();
      times.add(new BatchTimes(id, r.getLong(1), r.getLong(2), records.getOrDefault(id, 0L)));
    }
    TreeMap<Long, Long> produced = new TreeMap<>();
    for (Row r : keys.groupBy(unix_millis(col(StreamColumns.KAFKA_TIMESTAMP))).count().collectAsList()) {
      produced.put(r.getLong(0), r.getLong(1));
    }
    Map<Long, double[]> percentiles = new HashMap<>();
    for (Row r : latencies.groupBy(StreamColumns.BATCH_ID).agg(expr("percentile(" + LATENCY + ", array(0.5, 0.99))"))
        .collectAsList()) {
      List<Double> q = r.getList(1);
      percentiles.put(((Number) r.get(0)).longValue(), new double[] {q.get(0), q.get(1)});
    }
    return batches(times, produced, percentiles);
  }

  /**
   * Each batch in id order: seconds from the first batch's start to its commit, its records, the consumer lag when
   * it committed (the run's records with a Kafka timestamp up to then, less those committed by it and the batches
   * before it: a record is read after it is written, so never negative) and its latency p50 and p99.
   */
  static List<DemoReport.Batch> batches(List<BatchTimes> times, NavigableMap<Long, Long> producedPerMillis,
      Map<Long, double[]> percentiles) {
    List<BatchTimes> ordered = times.stream().sorted(Comparator.comparingLong(BatchTimes::batchId)).toList();
    long start = ordered.stream().mapToLong(BatchTimes::processedAtMillis).min().orElse(0);
    long[] stamps = producedPerMillis.keySet().stream().mapToLong(Long::longValue).toArray();
    long[] upTo = new long[stamps.length + 1];
    int i = 0;
    for (long n : producedPerMillis.values()) {
      upTo[i + 1] = upTo[i] + n;
      i++;
    }
    List<DemoReport.Batch> out = new ArrayList<>();
    long committed = 0;
    for (BatchTimes b : ordered) {
      committed += b.records();
      int written = Arrays.binarySearch(stamps, b.committedAtMillis());
      long producedByCommit = upTo[written >= 0 ? written + 1 : -written - 1];
      double[] q = percentiles.get(b.batchId());
      out.add(new DemoReport.Batch(b.batchId(), (b.committedAtMillis() - start) / 1000.0, b.records(),
          Math.max(0, producedByCommit - committed), q == null ? null : q[0], q == null ? null : q[1]));
    }
    return out;
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
