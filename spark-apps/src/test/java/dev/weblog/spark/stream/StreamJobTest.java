package dev.weblog.spark.stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.ParseResult;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.StreamMetricNames;
import dev.weblog.spark.MetricsScrape;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.SharedKafka;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.StreamTestData;
import dev.weblog.spark.model.ModelRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

public class StreamJobTest {

  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final int PARTITIONS = 3;

  private final SparkSession spark = SharedCluster.spark();

  @Test
  void liveSampleEndsUpOnceInPredictionsOrQuarantineScoredByBothModels() {
    String base = StreamTestData.baseWithModels("stream-sample");
    List<byte[]> lines = StreamTestData.liveSample();
    String topic = topicWith("live-sample", lines);

    RunningStream stream = StreamJob.start(spark, options(base, topic, "sample", "700"));
    awaitCommitted(stream, lines.size());
    stream.metrics().flush();
    MetricsScrape metrics = MetricsScrape.of(stream.metricsUrl().orElseThrow());
    assertEquals(0, awaitLag(stream), "the last batch read up to the topic's end");
    assertOperatorReadsItsSeries(stream.metricsUrl().orElseThrow());
    assertTrue(stream.stopGracefully(Duration.ofSeconds(60)), "the stop waited for the running batch");
    assertTrue(stream.exception().isEmpty(), () -> "a stop is not a failure: " + stream.exception());

    HdfsLayout layout = new HdfsLayout(base);
    Dataset<Row> predictions = read(layout.streamPredictions());
    Dataset<Row> quarantine = read(layout.streamQuarantine());
    List<ParseResult> decoded = lines.stream().map(WebLogCsvCodec::decode).toList();
    long valid = decoded.stream().filter(ParseResult::isValid).count();
    assertEquals(2000, valid, "the sample's valid lines");
    assertEquals(valid, predictions.count());
    assertEquals(lines.size() - valid, quarantine.count());
    assertEquals(valid, read(layout.streamRaw()).count(), "every valid line is archived raw");
    assertOncePerRecord(predictions, quarantine, lines.size());

    List<String> expectedColumns = new ArrayList<>(StreamColumns.predictions());
    expectedColumns.add(StreamColumns.BATCH_ID);
    assertEquals(expectedColumns, List.of(predictions.columns()));
    for (Target t : Target.values()) {
      List<String> classes = new ModelRegistry(SharedCluster.fs(), layout).metrics(t, 1).orElseThrow().classes();
      assertEquals(0, predictions.where(functions.not(col(StreamColumns.predicted(t)).isin(classes.toArray())))
          .count(), "every " + t.id() + " prediction is one of the classes its model learned");
      assertEquals(Set.of(1), intValues(predictions, StreamColumns.modelVersion(t)));
      long labeled = decoded.stream().filter(r -> r instanceof ParseResult.Valid v && v.record().label(t) != null)
          .count();
      assertEquals(labeled, predictions.where(col(StreamColumns.observed(t)).isNotNull()).count(),
          "observed " + t.id() + " labels are kept for live accuracy");
    }
    assertEquals(0, predictions.where(col(StreamColumns.KAFKA_TIMESTAMP).isNull()
        .or(col(StreamColumns.PROCESSED_AT).isNull())).count());

    Map<String, Long> expectedKinds = decoded.stream().filter(r -> !r.isValid())
        .collect(Collectors.groupingBy(r -> ((ParseResult.Rejected) r).rejection().kind().name(), TreeMap::new,
            Collectors.counting()));
    Map<String, Long> kinds = quarantine.groupBy(StreamColumns.KIND).count().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1), (a, b) -> a, TreeMap::new));
    assertEquals(expectedKinds, kinds);
    for (Row q : quarantine.collectAsList()) {
      byte[] bytes = q.getAs(StreamColumns.LINE_BYTES);
      assertTrue(lines.stream().anyMatch(l -> java.util.Arrays.equals(l, bytes)), "quarantine keeps the exact bytes");
      ParseResult.Rejected again = (ParseResult.Rejected) WebLogCsvCodec.decode(bytes);
      assertEquals(again.rejection().reason(), q.getAs(StreamColumns.REASON));
      assertEquals(again.rejection().field(), q.getAs(StreamColumns.FIELD));
    }

    Row totals = read(layout.streamBatches()).agg(functions.sum(StreamColumns.INPUT_ROWS),
        functions.sum(StreamColumns.PREDICTED), functions.count(functions.lit(1))).first();
    assertEquals(lines.size(), totals.getLong(0));
    assertEquals(valid, totals.getLong(1));
    assertTrue(totals.getLong(2) >= 3, "700 records per trigger make several micro-batches");
    assertEquals(lines.size(), stream.committedRecords());

    // The endpoint's counters hold the same accounting as HDFS.
    assertEquals(lines.size(), metrics.sum("weblog_stream_records_read_total"));
    assertEquals(valid, metrics.sum("weblog_stream_records_predicted_total"));
    assertEquals(lines.size() - valid, metrics.sum("weblog_stream_records_quarantined_total"));
    for (Row kind : quarantine.groupBy(StreamColumns.KIND).count().collectAsList()) {
      assertEquals(kind.getLong(1), metrics.sum("weblog_stream_records_quarantined_total", "reason",
          kind.getString(0).toLowerCase(java.util.Locale.ROOT)), kind.getString(0));
    }
    assertEquals(totals.getLong(2), metrics.sum("weblog_stream_batches_total"));
    assertEquals(lines.size(), metrics.sum("weblog_stream_latency_seconds_count"), "every line's latency");
    for (Target target : Target.values()) {
      assertEquals(valid, metrics.sum("weblog_stream_predictions_total", "target", target.id()));
      assertEquals(1, metrics.sum("weblog_stream_model_version", "target", target.id()));
      long labelled = predictions.where(functions.col(StreamColumns.observed(target)).isNotNull()).count();
      long right = predictions.where(functions.col(StreamColumns.observed(target))
          .equalTo(functions.col(StreamColumns.predicted(target)))).count();
      assertEquals(labelled, metrics.sum("weblog_stream_labelled_total", "target", target.id()));
      assertEquals(right, metrics.sum("weblog_stream_labelled_correct_total", "target", target.id()));
      assertEquals((double) right / labelled, metrics.sum("weblog_stream_live_accuracy", "target", target.id()),
          1e-9, "fewer labelled lines than the window: all of them");
    }
    assertEquals(0, metrics.sum("weblog_stream_replays_total"));
  }

  @Test
  void restartOnTheSameCheckpointAddsNothingTwiceEvenWhenABatchIsReplayed() throws IOException {
    String base = StreamTestData.baseWithModels("stream-restart");
    HdfsLayout layout = new HdfsLayout(base);
    List<byte[]> lines = StreamTestData.generatedLines(1500);
    String topic = topicWith("restart", lines);
    StreamOptions options = options(base, topic, "restart", "300");

    RunningStream first = StreamJob.start(spark, options);
    awaitCommitted(first, 600);
    awaitTriggerActive(first);
    assertTrue(first.stopGracefully(Duration.ofSeconds(60)));
    assertTrue(first.exception().isEmpty(), () -> "stopped cleanly: " + first.exception());
    List<Long> committed = committedBatchIds(first.checkpoint());
    Set<Long> written = longValues(read(layout.streamBatches()), StreamColumns.BATCH_ID);
    assertEquals(new HashSet<>(committed), written, "the stop left no batch written but uncommitted, or the reverse");
    assertTrue(written.containsAll(longValues(read(layout.streamPredictions()), StreamColumns.BATCH_ID)),
        "no predictions of an unfinished batch");
    assertTrue(first.committedRecords() < lines.size(), "stopped midway");

    // As if the driver died after the last batch's writes and before Spark logged its commit.
    long last = committed.get(committed.size() - 1);
    // The stop may have interrupted a planned batch before its writes (asserted above). Spark would re-run only
    // that newest plan and never batch `last`: drop the plan, so the crash simulated below is the one tested.
    dropPlansAfter(first.checkpoint(), last);
    SharedCluster.fs().delete(new Path(new Path(first.checkpoint(), "commits"), Long.toString(last)), false);
    Row lastBefore = batchRow(layout, last);

    RunningStream second = StreamJob.start(spark, options);
    long replayed = lastBefore.<Long>getAs(StreamColumns.INPUT_ROWS);
    awaitCommitted(second, lines.size() - first.committedRecords() + replayed);
    second.metrics().flush();
    assertEquals(1, MetricsScrape.of(second.metricsUrl().orElseThrow()).sum("weblog_stream_replays_total"),
        "batch " + last + " replaced its earlier attempt");
    assertTrue(second.stopGracefully(Duration.ofSeconds(60)));
    assertTrue(second.exception().isEmpty(), () -> "stopped cleanly: " + second.exception());

    Row lastAfter = batchRow(layout, last);
    assertNotEquals(lastBefore.<Object>getAs(StreamColumns.COMMITTED_AT), lastAfter.getAs(StreamColumns.COMMITTED_AT),
        "batch " + last + " ran again");
    assertEquals(replayed, lastAfter.<Long>getAs(StreamColumns.INPUT_ROWS), "a replay reads the same offsets");
    Dataset<Row> predictions = read(layout.streamPredictions());
    Dataset<Row> quarantine = read(layout.streamQuarantine());
    long valid = lines.stream().filter(l -> WebLogCsvCodec.decode(l).isValid()).count();
    assertEquals(valid, predictions.count());
    assertEquals(lines.size() - valid, quarantine.count());
    assertOncePerRecord(predictions, quarantine, lines.size());
    assertEquals(lines.size(), read(layout.streamBatches()).agg(functions.sum(StreamColumns.INPUT_ROWS)).first()
        .getLong(0));

    // As if the driver died while moving the last batch's files: its outputs are published, its batch row (written
    // last, and only then counted in the metrics) is not. The re-run is the batch's first count, not a replay.
    List<Long> secondCommitted = committedBatchIds(second.checkpoint());
    long cut = secondCommitted.get(secondCommitted.size() - 1);
    dropPlansAfter(second.checkpoint(), cut);
    SharedCluster.fs().delete(new Path(new Path(second.checkpoint(), "commits"), Long.toString(cut)), false);
    SharedCluster.fs().delete(new Path(StreamColumns.batchFolder(layout.streamBatches(), cut)), true);
    long cutRecords = predictions.where(functions.col(StreamColumns.BATCH_ID).equalTo(cut)).count()
        + quarantine.where(functions.col(StreamColumns.BATCH_ID).equalTo(cut)).count();
    RunningStream third = StreamJob.start(spark, options);
    awaitCommitted(third, cutRecords);
    third.metrics().flush();
    MetricsScrape thirdMetrics = MetricsScrape.of(third.metricsUrl().orElseThrow());
    assertEquals(0, thirdMetrics.sum("weblog_stream_replays_total"), "batch " + cut + " was never counted before");
    assertEquals(cutRecords, thirdMetrics.sum("weblog_stream_records_read_total"));
    assertTrue(third.stopGracefully(Duration.ofSeconds(60)));
    assertOncePerRecord(read(layout.streamPredictions()), read(layout.streamQuarantine()), lines.size());
    assertEquals(0, TaskConsumers.idle(), "the stopped runs closed the Kafka consumers their tasks kept");
  }

  /** Drops Spark's plans of batches after {@code last}, so a restart re-runs {@code last} and nothing newer. */
  private static void dropPlansAfter(Path checkpoint, long last) throws IOException {
    for (org.apache.hadoop.fs.FileStatus plan : SharedCluster.fs().listStatus(new Path(checkpoint, "offsets"))) {
      String id = plan.getPath().getName();
      if (id.matches("\\d+") && Long.parseLong(id) > last) {
        SharedCluster.fs().delete(plan.getPath(), false);
      }
    }
  }

  @Test
  void promotedModelIsUsedFromALaterBatchOnWithoutLosingRecords() {
    String base = StreamTestData.baseWithModels("stream-swap");
    HdfsLayout layout = new HdfsLayout(base);
    List<byte[]> lines = StreamTestData.generatedLines(1200);
    String topic = topicWith("swap", lines);
    ModelRegistry registry = StreamTestData.registry(base);
    assertEquals(1, registry.current(Target.GENDER).getAsInt());
    assertTrue(registry.versions(Target.GENDER).contains(2), "a second gender model waits to be promoted");

    RunningStream stream = StreamJob.start(spark, options(base, topic, "swap", "200"));
    awaitCommitted(stream, 400);
    registry.promote(Target.GENDER, 2);
    long committedAtSwap = stream.committedRecords();
    awaitCommitted(stream, lines.size());
    assertTrue(stream.stopGracefully(Duration.ofSeconds(60)));
    assertTrue(committedAtSwap < lines.size(), "the swap happened while records were still coming");

    Dataset<Row> predictions = read(layout.streamPredictions());
    String gender = StreamColumns.modelVersion(Target.GENDER);
    List<Row> perBatch = predictions.groupBy(StreamColumns.BATCH_ID)
        .agg(functions.min(gender), functions.max(gender)).orderBy(StreamColumns.BATCH_ID).collectAsList();
    int previous = 1;
    for (Row r : perBatch) {
      assertEquals(r.getInt(1), r.getInt(2), "one gender model per batch: " + r);
      assertTrue(r.getInt(1) >= previous, "versions never go back: " + perBatch);
      previous = r.getInt(1);
    }
    assertEquals(Set.of(1, 2), intValues(predictions, gender), "rows before the swap carry v1, rows after v2");
    assertEquals(Set.of(1), intValues(predictions, StreamColumns.modelVersion(Target.AGE_GROUP)));
    assertOncePerRecord(predictions, read(layout.streamQuarantine()), lines.size());
    List<Row> batches = read(layout.streamBatches()).select(StreamColumns.BATCH_ID, gender).collectAsList();
    for (Row b : batches) {
      perBatch.stream().filter(p -> p.get(0).equals(b.get(0))).findFirst()
          .ifPresent(p -> assertEquals(p.getInt(1), b.getInt(1), "stream/batches names the model used"));
    }
  }

  @Test
  void sigtermLetsTheRunningBatchFinishBeforeTheDriverExits() throws Exception {
    String base = StreamTestData.baseWithModels("stream-sigterm");
    HdfsLayout layout = new HdfsLayout(base);
    List<byte[]> lines = StreamTestData.generatedLines(2000);
    String topic = topicWith("sigterm", lines);
    java.io.File log = java.io.File.createTempFile("stream-driver", ".log");
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), StreamJob.class.getName()));
    command.addAll(List.of(SharedCluster.args(base, "--bootstrap-servers", SharedKafka.bootstrapServers(),
        "--topic", topic, "--trigger", "500 milliseconds", "--max-offsets-per-trigger", "300",
        "--query-name", "sigterm")));
    Process driver = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    try {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (batchFolders(layout.streamBatches()) < 1) {
        assertTrue(driver.isAlive(), () -> "the driver ended early: " + tail(log));
        assertTrue(System.nanoTime() < deadline, "no batches within " + WAIT);
        sleep(100);
      }
      driver.destroy();
      assertTrue(driver.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the driver stopped after SIGTERM");
    } finally {
      driver.destroyForcibly();
    }
    Set<Long> written = longValues(read(layout.streamBatches()), StreamColumns.BATCH_ID);
    Path checkpoint = new Path(SharedCluster.uri() + layout.checkpoint("sigterm"));
    assertEquals(new HashSet<>(committedBatchIds(checkpoint)), written,
        () -> "every written batch is committed and the reverse: " + tail(log));
    for (String output : List.of(layout.streamPredictions(), layout.streamRaw(), layout.streamQuarantine())) {
      assertTrue(written.containsAll(longValues(read(output), StreamColumns.BATCH_ID)),
          "no output of a batch the stop cut short in " + output);
    }
    assertTrue(tail(log).contains("StreamJob: stopped after"), () -> "a clean stop: " + tail(log));
  }

  @Test
  void aQueryThatEndsByItselfStillServesItsFinalFiguresForTheLinger() throws Exception {
    String base = StreamTestData.baseWithModels("stream-linger");
    List<byte[]> lines = StreamTestData.generatedLines(600);
    String topic = topicWith("linger", lines);
    RunningStream stream = StreamJob.start(spark, StreamOptions.parse(List.of(SharedCluster.args(base,
        "--bootstrap-servers", SharedKafka.bootstrapServers(), "--topic", topic, "--trigger", "500 milliseconds",
        "--query-name", "linger", JobContract.OPT_METRICS_LINGER, "5"))));
    awaitCommitted(stream, lines.size());
    String url = stream.metricsUrl().orElseThrow();
    Thread driverMain = new Thread(stream::awaitTermination, "driver-main");
    driverMain.start();
    // As a failure (HDFS in safe mode) does: the query ends without RunningStream's stop.
    stream.query().stop();
    stream.metrics().flush();
    MetricsScrape last = MetricsScrape.of(url);
    assertTrue(driverMain.isAlive(), "the driver's main thread waits out the linger before it exits");
    assertEquals(lines.size(), last.sum(StreamMetricNames.RECORDS_PREDICTED)
        + last.sum(StreamMetricNames.RECORDS_QUARANTINED), "the last scrape sees every committed record");
    driverMain.join(WAIT.toMillis());
    assertFalse(driverMain.isAlive(), "awaitTermination returned");
    assertThrows(java.io.UncheckedIOException.class, () -> MetricsScrape.of(url), "the endpoint closed after it");
  }

  /** A fresh topic holding {@code lines}; shared with the other stream tests. */
  public static String topicWith(String name, List<byte[]> lines) {
    String topic = name + "-" + System.nanoTime();
    SharedKafka.createTopic(topic, PARTITIONS);
    SharedKafka.send(topic, lines);
    assertEquals(lines.size(), SharedKafka.endOffsetSum(topic, PARTITIONS));
    return topic;
  }

  public static StreamOptions options(String base, String topic, String query, String maxOffsets) {
    return StreamOptions.parse(List.of(SharedCluster.args(base, "--bootstrap-servers", SharedKafka.bootstrapServers(),
        "--topic", topic, "--trigger", "500 milliseconds", "--max-offsets-per-trigger", maxOffsets,
        "--query-name", query)));
  }

  public static void awaitCommitted(RunningStream stream, long records) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (stream.committedRecords() < records) {
      if (!stream.isActive()) {
        fail("the query ended early: " + stream.exception().map(Throwable::toString).orElse("stopped"));
      }
      if (System.nanoTime() > deadline) {
        stream.stopGracefully(Duration.ofSeconds(10));
        fail("only " + stream.committedRecords() + " of " + records + " records committed within " + WAIT);
      }
      sleep(50);
    }
  }

  /** Every series the operator and the alert rules read from a driver is there (StreamMetricNames). */
  private static void assertOperatorReadsItsSeries(String url) {
    MetricsScrape scrape = MetricsScrape.of(url);
    for (String name : List.of(StreamMetricNames.RECORDS_READ, StreamMetricNames.RECORDS_PREDICTED,
        StreamMetricNames.RECORDS_QUARANTINED, StreamMetricNames.RECORDS_REPLAYED, StreamMetricNames.CONSUMER_LAG,
        StreamMetricNames.LAST_COMMIT, StreamMetricNames.LATENCY + "_bucket", StreamMetricNames.LIVE_ACCURACY,
        StreamMetricNames.MODEL_VERSION, StreamMetricNames.DRIFT_PSI, StreamMetricNames.DRIFT_UNSEEN_SHARE,
        StreamMetricNames.DRIFT_CLASS_SHIFT, StreamMetricNames.DRIFT_STREAK, StreamMetricNames.DRIFT_DETECTED,
        StreamMetricNames.DRIFT_SINCE, StreamMetricNames.DRIFT_DETECTIONS, StreamMetricNames.MODEL_TEST_ACCURACY)) {
      scrape.sum(name);
    }
    assertTrue(scrape.sum(StreamMetricNames.LAST_PROGRESS) > 0, "the query's reading of its topic is what tells "
        + "the operator it reached Kafka");
  }

  /** The consumer lag once Spark's progress of the last batch reached the metrics (it comes after the commit). */
  private static double awaitLag(RunningStream stream) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        double lag = MetricsScrape.of(stream.metricsUrl().orElseThrow()).sum("weblog_stream_consumer_lag_records");
        if (lag == 0 || System.nanoTime() > deadline) {
          return lag;
        }
      } catch (AssertionError noSeriesYet) {
        if (System.nanoTime() > deadline) {
          throw noSeriesYet;
        }
      }
      sleep(100);
    }
  }

  /** Waits (briefly) for a trigger in progress, so the stop has a batch to wait for. */
  private static void awaitTriggerActive(RunningStream stream) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!stream.query().status().isTriggerActive() && System.nanoTime() < deadline) {
      sleep(5);
    }
  }

  private Dataset<Row> read(String path) {
    return spark.read().parquet(SharedCluster.uri() + path);
  }

  private Row batchRow(HdfsLayout layout, long batchId) {
    return read(layout.streamBatches()).where(col(StreamColumns.BATCH_ID).equalTo(batchId)).first();
  }

  /** Every Kafka record in exactly one output row, over predictions and quarantine. */
  private static void assertOncePerRecord(Dataset<Row> predictions, Dataset<Row> quarantine, long records) {
    Dataset<Row> coordinates = predictions.select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET)
        .union(quarantine.select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET));
    assertEquals(records, coordinates.count(), "rows = records sent");
    assertEquals(records, coordinates.distinct().count(), "no (partition, offset) twice");
  }

  private static Set<Integer> intValues(Dataset<Row> rows, String column) {
    return rows.select(column).distinct().collectAsList().stream().map(r -> r.getInt(0)).collect(Collectors.toSet());
  }

  private static Set<Long> longValues(Dataset<Row> rows, String column) {
    return rows.select(col(column).cast("long")).distinct().collectAsList().stream().map(r -> r.getLong(0))
        .collect(Collectors.toSet());
  }

  private static List<Long> committedBatchIds(Path checkpoint) throws IOException {
    List<Long> ids = new ArrayList<>();
    for (FileStatus s : SharedCluster.fs().listStatus(new Path(checkpoint, "commits"))) {
      if (s.getPath().getName().matches("\\d+")) {
        ids.add(Long.parseLong(s.getPath().getName()));
      }
    }
    ids.sort(null);
    assertFalse(ids.isEmpty(), "batches were committed");
    return ids;
  }

  private static long batchFolders(String output) throws IOException {
    Path folder = new Path(output);
    if (!SharedCluster.fs().exists(folder)) {
      return 0;
    }
    long complete = 0;
    for (FileStatus s : SharedCluster.fs().listStatus(folder)) {
      if (SharedCluster.fs().exists(new Path(s.getPath(), "_SUCCESS"))) {
        complete++;
      }
    }
    return complete;
  }

  private static String tail(java.io.File log) {
    try {
      String text = java.nio.file.Files.readString(log.toPath());
      return text.substring(Math.max(0, text.length() - 4000));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
