package dev.weblog.spark.stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.StreamMetricNames;
import dev.weblog.common.Target;
import dev.weblog.common.monitor.FeatureReference;
import dev.weblog.common.monitor.TrainingProfile;
import dev.weblog.spark.MetricsScrape;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.SharedKafka;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.StreamTestData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Drift monitoring through the stream: stream/monitor/ rows checked by hand against the predictions. */
public class StreamMonitorTest {

  private final SparkSession spark = SharedCluster.spark();

  @Test
  void eachBatchHasARowPerTargetWithItsAccuracyAndPsiAndARestartGoesOnWithTheStreak() {
    String base = StreamTestData.baseWithModels("stream-monitor");
    HdfsLayout layout = new HdfsLayout(base);
    List<byte[]> lines = StreamTestData.generatedLines(3000);
    String topic = StreamJobTest.topicWith("monitor", lines);
    // Every batch bad (any PSI above 0), so the streak counts batches and a restart must go on with it.
    List<String> args = List.of(SharedCluster.args(base, "--bootstrap-servers", SharedKafka.bootstrapServers(),
        "--topic", topic, "--trigger", "500 milliseconds", "--max-offsets-per-trigger", "1500", "--query-name",
        "monitor", "--drift-psi", "1e-9", "--drift-min-lines", "1", "--drift-batches", "2"));

    RunningStream first = StreamJob.start(spark, StreamOptions.parse(args));
    StreamJobTest.awaitCommitted(first, lines.size());
    first.metrics().flush();
    MetricsScrape metrics = MetricsScrape.of(first.metricsUrl().orElseThrow());
    assertTrue(first.stopGracefully(Duration.ofSeconds(60)));

    Dataset<Row> monitor = spark.read().parquet(SharedCluster.uri() + layout.streamMonitor());
    Dataset<Row> predictions = spark.read().parquet(SharedCluster.uri() + layout.streamPredictions());
    List<Long> batches =
        predictions.select(col(StreamColumns.BATCH_ID).cast("long")).distinct().orderBy(StreamColumns.BATCH_ID)
            .collectAsList().stream().map(r -> r.getLong(0)).toList();
    assertEquals(2 * batches.size(), monitor.count(), "a row per batch and target");
    TrainingProfile profile = StreamTestData.registry(base).profile(Target.AGE_GROUP, 1).orElseThrow();
    int streak = 0;
    for (long batch : batches) {
      Dataset<Row> scored = predictions.where(col(StreamColumns.BATCH_ID).equalTo(batch));
      for (Target t : Target.values()) {
        Row row = monitor.where(col(StreamColumns.BATCH_ID).equalTo(batch)
            .and(col(StreamColumns.TARGET).equalTo(t.id()))).first();
        long labelled = scored.where(col(StreamColumns.observed(t)).isNotNull()).count();
        long correct = scored.where(col(StreamColumns.observed(t)).equalTo(col(StreamColumns.predicted(t)))).count();
        assertEquals(scored.count(), (long) row.getAs(StreamColumns.LINES));
        assertEquals(labelled, (long) row.getAs(StreamColumns.LABELLED));
        assertEquals(correct, (long) row.getAs(StreamColumns.CORRECT));
        assertEquals((double) correct / labelled, (double) row.getAs(StreamColumns.ACCURACY), 1e-12);
        assertEquals(1, (int) row.getAs(StreamColumns.MODEL_VERSION));
      }
      Row age = monitor.where(col(StreamColumns.BATCH_ID).equalTo(batch)
          .and(col(StreamColumns.TARGET).equalTo(Target.AGE_GROUP.id()))).first();
      double psi = psiByHand(profile, scored, Column.PRODUCT_CATEGORY_ID);
      Map<String, Double> featurePsi = age.getJavaMap(age.fieldIndex(StreamColumns.FEATURE_PSI));
      assertEquals(psi, featurePsi.get(Column.PRODUCT_CATEGORY_ID.columnName()), 1e-9, "batch " + batch);
      streak++;
      assertEquals(streak, (int) age.getAs(StreamColumns.DRIFT_STREAK));
      assertEquals(streak >= 2, age.getAs(StreamColumns.DRIFT_DETECTED));
      assertEquals(batches.get(0), (long) age.getAs(StreamColumns.DRIFT_SINCE_BATCH));
      assertTrue(((String) age.getAs(StreamColumns.REASON)).contains("shifted: PSI"), age.toString());
    }
    assertEquals(streak, metrics.sum(StreamMetricNames.DRIFT_STREAK, StreamMetricNames.TARGET, "age_group"));
    assertEquals(1, metrics.sum(StreamMetricNames.DRIFT_DETECTED, StreamMetricNames.TARGET, "age_group"));
    assertEquals(batches.size() >= 2 ? 1 : 0, metrics.sum(StreamMetricNames.DRIFT_DETECTIONS,
        StreamMetricNames.TARGET, "age_group"));
    assertTrue(metrics.sum(StreamMetricNames.DRIFT_SINCE, StreamMetricNames.TARGET, "age_group") > 1e9);
    assertTrue(metrics.sum(StreamMetricNames.DRIFT_PSI, StreamMetricNames.FEATURE, "product_category_id") > 0);
    assertTrue(metrics.sum(StreamMetricNames.MODEL_TEST_ACCURACY, StreamMetricNames.TARGET, "gender") > 0.4);

    // The restart on the same checkpoint goes on with each target's streak from the table.
    List<byte[]> more = StreamTestData.generatedLines(1000);
    SharedKafka.send(topic, more);
    RunningStream second = StreamJob.start(spark, StreamOptions.parse(args));
    StreamJobTest.awaitCommitted(second, more.size());
    assertTrue(second.stopGracefully(Duration.ofSeconds(60)));
    Row next = spark.read().parquet(SharedCluster.uri() + layout.streamMonitor())
        .where(col(StreamColumns.BATCH_ID).gt(batches.get(batches.size() - 1))
            .and(col(StreamColumns.TARGET).equalTo(Target.AGE_GROUP.id())))
        .orderBy(StreamColumns.BATCH_ID).first();
    assertEquals(streak + 1, (int) next.getAs(StreamColumns.DRIFT_STREAK), "the streak went on across the restart");
    assertEquals(batches.get(0), (long) next.getAs(StreamColumns.DRIFT_SINCE_BATCH));
  }

  @Test
  void batchesSmallerThanTheLeastLinesArePooledUntilTogetherTheyAreJudged() {
    String base = StreamTestData.baseWithModels("stream-monitor-pool");
    List<byte[]> lines = StreamTestData.generatedLines(1200);
    String topic = StreamJobTest.topicWith("monitor-pool", lines);
    RunningStream stream = StreamJob.start(spark, StreamOptions.parse(List.of(SharedCluster.args(base,
        "--bootstrap-servers", SharedKafka.bootstrapServers(), "--topic", topic, "--trigger", "200 milliseconds",
        "--max-offsets-per-trigger", "300", "--query-name", "pool", "--drift-psi", "1e-9", "--drift-min-lines",
        "1000", "--drift-batches", "1"))));
    StreamJobTest.awaitCommitted(stream, lines.size());
    assertTrue(stream.stopGracefully(Duration.ofSeconds(60)));
    List<Row> rows = spark.read().parquet(SharedCluster.uri() + new HdfsLayout(base).streamMonitor())
        .where(col(StreamColumns.TARGET).equalTo(Target.GENDER.id())).orderBy(StreamColumns.BATCH_ID)
        .collectAsList();
    assertTrue(rows.size() >= 4, "batches of at most 300 lines: " + rows.size());
    long pooled = 0;
    boolean judged = false;
    for (Row row : rows) {
      pooled += (long) row.getAs(StreamColumns.LINES);
      Object judgedLines = row.getAs(StreamColumns.JUDGED_LINES);
      if (pooled < 1000) {
        assertEquals(null, judgedLines, "not yet judged: " + row);
        assertEquals(0, (int) row.getAs(StreamColumns.DRIFT_STREAK), row.toString());
      } else {
        assertEquals(pooled, (long) judgedLines, "judged on every line pooled since the last judgement: " + row);
        assertTrue((boolean) row.getAs(StreamColumns.DRIFT_DETECTED), row.toString());
        judged = true;
        break;
      }
    }
    assertTrue(judged, "1,200 lines make up the least 1,000 once");
  }

  @Test
  void withoutDriftMonitoringNothingIsWrittenToTheMonitoringTable() {
    String base = StreamTestData.baseWithModels("stream-no-monitor");
    List<byte[]> lines = StreamTestData.generatedLines(300);
    String topic = StreamJobTest.topicWith("no-monitor", lines);
    RunningStream stream = StreamJob.start(spark, StreamOptions.parse(List.of(SharedCluster.args(base,
        "--bootstrap-servers", SharedKafka.bootstrapServers(), "--topic", topic, "--query-name", "off",
        "--no-drift-monitoring"))));
    StreamJobTest.awaitCommitted(stream, lines.size());
    stream.metrics().flush();
    MetricsScrape metrics = MetricsScrape.of(stream.metricsUrl().orElseThrow());
    assertTrue(stream.stopGracefully(Duration.ofSeconds(60)));
    assertFalse(exists(new HdfsLayout(base).streamMonitor()));
    assertTrue(Double.isNaN(metrics.sum(StreamMetricNames.MODEL_TEST_ACCURACY, StreamMetricNames.TARGET, "gender")));
  }

  /** The PSI of the batch's lines over the feature's training bins, counted here from the predictions. */
  private static double psiByHand(TrainingProfile profile, Dataset<Row> scored, Column feature) {
    FeatureReference.Categorical reference = (FeatureReference.Categorical) profile.feature(feature);
    List<String> values = reference.values();
    long[] observed = new long[values.size() + 1];
    for (Row r : scored.groupBy(feature.columnName()).count().collectAsList()) {
      int at = values.indexOf(String.valueOf(r.get(0)));
      observed[at < 0 ? values.size() : at] += r.getLong(1);
    }
    long[] expected = reference.counts();
    double r = java.util.Arrays.stream(expected).sum();
    double o = java.util.Arrays.stream(observed).sum();
    double psi = 0;
    for (int k = 0; k < observed.length; k++) {
      double os = Math.max(observed[k] / o, 1e-4);
      double rs = Math.max(expected[k] / r, 1e-4);
      psi += (os - rs) * Math.log(os / rs);
    }
    return psi;
  }

  private static boolean exists(String path) {
    try {
      return SharedCluster.fs().exists(new org.apache.hadoop.fs.Path(path));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
