package dev.weblog.spark.stream;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.model.RecordScorer;
import dev.weblog.spark.model.ServingModels;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.streaming.StreamingQueryManager;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The body of every micro-batch: one Spark job whose tasks decode their Kafka records, score them with both
 * models and write their own files ({@link StreamBatchTask}), then the driver's commit ({@link StreamBatchCommit}).
 * Exactly once rests on two facts: Spark re-runs a batch whose commit it did not log with the same offsets and
 * batch id, and the driver replaces {@code <output>/batch_id=<N>/} with exactly the files the tasks of this
 * attempt reported, so a re-run replaces its own earlier attempt instead of adding to it. The batch's row in
 * {@code stream/batches/}, written last, is the sign that a batch is complete.
 *
 * <p>Spark calls it on the driver only, so it may hold the file system and the models.
 */
final class StreamBatchWriter implements VoidFunction2<Dataset<Row>, Long> {

  private static final long serialVersionUID = 1L;
  private static final long LOCK_POLL_MILLIS = 100;
  private static final Logger LOG = LogManager.getLogger(StreamBatchWriter.class);

  private final FileSystem fs;
  private final ServingModels models;
  private final StreamBatchCommit commit;
  /** Null when the stream runs without metrics. */
  private final StreamMetrics metrics;
  /** Null when the stream runs without drift monitoring. */
  private final StreamMonitor monitor;
  private transient Broadcast<SerializableConfiguration> hadoopConf;
  private transient Broadcast<RecordScorer[]> scorers;
  /** What {@link #scorers} holds: the same objects {@link ServingModels#refresh} returns until a swap. */
  private transient List<RecordScorer> broadcastScorers;
  private transient Broadcast<MonitorTally.Plan> monitorPlan;
  /** What {@link #monitorPlan} holds: the plan {@link StreamMonitor#plan} returns until a swap. */
  private transient MonitorTally.Plan broadcastPlan;
  private final ReentrantLock batchLock = new ReentrantLock();
  private final AtomicLong committedRecords = new AtomicLong();
  private final AtomicLong committedBatches = new AtomicLong();
  private volatile long lastWrittenBatch = -1;
  private volatile BooleanSupplier queryStopped = () -> false;
  /**
   * The consumer settings of the batches that ran, for {@link #close}: one set per run of the query (Spark's source
   * names a new consumer group for each, and {@link StreamReplayGuard} may start a second run).
   */
  private final Set<Map<String, Object>> consumerSettings = ConcurrentHashMap.newKeySet();
  private boolean sourceRowsUnreported;
  /** The queries of the session that starts this writer's query, where {@link SourceRows} finds it. */
  private final transient StreamingQueryManager queries;

  StreamBatchWriter(FileSystem fs, HdfsLayout layout, ServingModels models, StreamMetrics metrics,
      StreamMonitor monitor, StreamingQueryManager queries) {
    this.fs = fs;
    this.queries = queries;
    this.models = models;
    this.commit = new StreamBatchCommit(fs, layout);
    this.metrics = metrics;
    this.monitor = monitor;
  }

  @Override
  public void call(Dataset<Row> kafka, Long batchId) throws InterruptedException {
    // A graceful stop holds this lock: the batch in progress finishes, a new one waits here until the query
    // stops. Polling the query's state as well as the interrupt: an interrupt that lands while Hadoop code
    // swallows it would otherwise leave this thread parked and query.stop() waiting for it forever.
    while (!batchLock.tryLock(LOCK_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (queryStopped.getAsBoolean()) {
        throw new InterruptedException("streaming query stopped while batch " + batchId + " waited to write");
      }
    }
    try {
      write(kafka, batchId);
    } finally {
      batchLock.unlock();
    }
  }

  /** Lets a batch waiting at {@link #call} give up once the query is no longer active. */
  void stopWaitingWhen(BooleanSupplier stopped) {
    this.queryStopped = stopped;
  }

  long committedRecords() {
    return committedRecords.get();
  }

  long committedBatches() {
    return committedBatches.get();
  }

  /** The id of the last batch whose outputs were all written, -1 before the first. */
  long lastWrittenBatch() {
    return lastWrittenBatch;
  }

  /** Waits until no batch is being written and keeps new ones from starting their writes; false on timeout. */
  boolean pause(long timeout, TimeUnit unit) throws InterruptedException {
    return batchLock.tryLock(timeout, unit);
  }

  void resume() {
    batchLock.unlock();
  }

  /** True when the next batch is already waiting at {@link #call}, so the previous one is committed. */
  boolean nextBatchWaiting() {
    return batchLock.hasQueuedThreads();
  }

  private void write(Dataset<Row> kafka, long batchId) {
    Timestamp processedAt = Timestamp.from(Instant.now());
    List<RecordScorer> current = models.refresh();
    Path staging = commit.prepare(batchId);
    MonitorTally.Plan plan = monitor == null ? null : monitor.plan(current, batchId);
    StreamBatchTask task = new StreamBatchTask(hadoopConf(kafka), scorers(kafka, current),
        StreamDecoder.KafkaColumns.of(kafka.schema()), staging, processedAt, metrics != null,
        plan != null && plan.any() ? monitorPlan(kafka, plan) : null);
    // The one Spark job of the batch: each task reads its Kafka share, decodes, scores and writes its files.
    long jobStart = System.nanoTime();
    List<StreamBatchTask.Result> results = run(task, kafka);
    long valid = 0;
    long rejected = 0;
    List<String> files = new ArrayList<>();
    List<BatchTally> tallies = new ArrayList<>();
    MonitorTally watched = plan != null && plan.any() ? new MonitorTally(plan) : null;
    for (StreamBatchTask.Result r : results) {
      valid += r.predicted();
      rejected += r.quarantined();
      files.addAll(r.files());
      if (r.tally() != null) {
        tallies.add(r.tally());
      }
      if (r.monitor() != null) {
        watched.add(r.monitor());
      }
    }
    long input = valid + rejected;
    long jobMillis = (System.nanoTime() - jobStart) / 1_000_000;
    StreamMonitor.Judgement judged = watched == null ? null : monitor.judge(batchId, processedAt, watched);
    commit.publish(batchId, files, MonitorTable.SCHEMA,
        monitor == null ? null : judged == null ? List.<Row>of() : judged.rows());
    Timestamp committedAt = Timestamp.from(Instant.now());
    // An earlier attempt counted the batch in its metrics only if it got as far as its batch row, written last: one
    // that failed while moving files (a NameNode gone mid-commit) counted nothing, so this count is the first.
    boolean countedBefore = commit.writeBatchRow(batchId, BATCH_SCHEMA, batchRow(processedAt, committedAt, input,
        valid, rejected, current));
    if (judged != null) {
      monitor.adopt(judged);
    }
    if (metrics != null) {
      metrics.committed(new StreamMetrics.Batch(processedAt.getTime(), committedAt.getTime(), input, valid, tallies,
          versionsOf(current), countedBefore));
    }

    committedRecords.addAndGet(input);
    committedBatches.incrementAndGet();
    lastWrittenBatch = batchId;
    LOG.info("micro-batch {}: {} records, {} predicted, {} quarantined in {} ms, {} ms of them in the Spark job, {} "
        + "files (models {})", batchId, input, valid, rejected, System.currentTimeMillis() - processedAt.getTime(),
        jobMillis, files.size() + 1, versions(current));
  }

  /**
   * Runs the batch's tasks. When the batch is Spark's Kafka source as planned (StreamJob's query is the source's
   * rows as they are), each task reads an equal share of the planned offsets with a consumer of its own
   * ({@link ShareTask}): reading through the source (its pooled consumer's per-record checks, a copy into Spark's
   * row, a range split to balance the tasks) cost more CPU per record than all of a plain Kafka consumer's work.
   * The offsets are those Spark logged for the batch, so a re-run reads the same. Any other plan runs as it is.
   */
  private List<StreamBatchTask.Result> run(StreamBatchTask task, Dataset<Row> kafka) {
    RDD<InternalRow> rows = kafkaRows(kafka);
    int cores = kafka.sparkSession().sparkContext().defaultParallelism();
    Optional<KafkaBatchPlan> planned = KafkaBatchPlan.of(rows);
    if (planned.isEmpty()) {
      return perCore(rows.toJavaRDD(), cores).mapPartitions(task).collect();
    }
    KafkaBatchPlan plan = planned.get();
    consumerSettings.add(plan.consumerSettings());
    List<List<KafkaRange>> shares = KafkaRange.shares(plan.ranges(), cores);
    if (shares.isEmpty()) {
      return List.of();
    }
    List<StreamBatchTask.Result> results = JavaSparkContext.fromSparkContext(kafka.sparkSession().sparkContext())
        .parallelize(shares, shares.size()).mapPartitions(new ShareTask(task, plan)).collect();
    long rowsRead = results.stream().mapToLong(r -> r.predicted() + r.quarantined()).sum();
    if (!SourceRows.report(queries, kafka.sparkSession().sparkContext(), rowsRead) && !sourceRowsUnreported) {
      sourceRowsUnreported = true;
      LOG.warn("Spark's progress of this query will show 0 input rows: its Kafka scan was not found to count the {} "
          + "rows the tasks read (the stream's own metrics and batch log count them)", rowsRead);
    }
    return results;
  }

  /** Closes the consumers the tasks kept between batches (in this JVM: the driver's, or local mode's). */
  void close() {
    consumerSettings.forEach(TaskConsumers::closeAll);
  }

  /**
   * The batch's Kafka rows as Spark holds them inside. foreachBatch hands over a plan over the rows the source
   * already produced (a {@link LogicalRDD}); taking those directly skips the copy into fresh rows that planning
   * the Dataset again would add. Any other plan is executed as it is.
   */
  private static RDD<InternalRow> kafkaRows(Dataset<Row> kafka) {
    return kafka.queryExecution().analyzed() instanceof LogicalRDD scanned ? scanned.rdd()
        : kafka.queryExecution().toRdd();
  }

  /**
   * The source's splits (balanced over the cores, see {@link StreamTasks}) grouped into one task per core. Each task
   * writes its own files, and a file costs NameNode round trips and a DataNode pipeline whatever it holds: at the
   * demo's thousand lines a batch, six tasks on two cores made the latency p50 ~960 ms, two ~845 ms. Equal splits
   * group evenly, so both cores still stay busy to the end.
   */
  private static JavaRDD<InternalRow> perCore(JavaRDD<InternalRow> splits, int cores) {
    return splits.getNumPartitions() > cores ? splits.coalesce(cores) : splits;
  }

  /** Broadcast once: every task of every batch opens its files with the driver's Hadoop settings. */
  private Broadcast<SerializableConfiguration> hadoopConf(Dataset<Row> kafka) {
    if (hadoopConf == null) {
      hadoopConf = JavaSparkContext.fromSparkContext(kafka.sparkSession().sparkContext())
          .broadcast(new SerializableConfiguration(fs.getConf()));
    }
    return hadoopConf;
  }

  /** Broadcast once per set of model versions: a model is shipped to the executors again only after a swap. */
  private Broadcast<RecordScorer[]> scorers(Dataset<Row> kafka, List<RecordScorer> current) {
    if (!current.equals(broadcastScorers)) {
      if (scorers != null) {
        scorers.unpersist(false);
      }
      scorers = JavaSparkContext.fromSparkContext(kafka.sparkSession().sparkContext())
          .broadcast(current.toArray(RecordScorer[]::new));
      broadcastScorers = current;
    }
    return scorers;
  }

  /** Broadcast once per plan: the lookups are shipped to the executors again only after a swap. */
  private Broadcast<MonitorTally.Plan> monitorPlan(Dataset<Row> kafka, MonitorTally.Plan plan) {
    if (plan != broadcastPlan) {
      if (monitorPlan != null) {
        monitorPlan.unpersist(false);
      }
      monitorPlan = JavaSparkContext.fromSparkContext(kafka.sparkSession().sparkContext()).broadcast(plan);
      broadcastPlan = plan;
    }
    return monitorPlan;
  }

  /** The columns of {@link StreamColumns#batches()}, as Spark wrote them before: instants, counts, versions. */
  private static final StructType BATCH_SCHEMA = batchSchema();

  private static StructType batchSchema() {
    StructType schema = new StructType()
        .add(StreamColumns.PROCESSED_AT, DataTypes.TimestampType, false)
        .add(StreamColumns.COMMITTED_AT, DataTypes.TimestampType, false)
        .add(StreamColumns.INPUT_ROWS, DataTypes.LongType, false)
        .add(StreamColumns.PREDICTED, DataTypes.LongType, false)
        .add(StreamColumns.QUARANTINED, DataTypes.LongType, false);
    for (Target t : Target.values()) {
      schema = schema.add(StreamColumns.modelVersion(t), DataTypes.IntegerType, false);
    }
    return schema;
  }

  private static Row batchRow(Timestamp processedAt, Timestamp committedAt, long input, long valid, long rejected,
      List<RecordScorer> current) {
    List<Object> values = new ArrayList<>(List.of(processedAt, committedAt, input, valid, rejected));
    for (RecordScorer m : current) {
      values.add(m.version());
    }
    return RowFactory.create(values.toArray());
  }

  private static Map<Target, Integer> versionsOf(List<RecordScorer> current) {
    Map<Target, Integer> versions = new EnumMap<>(Target.class);
    for (RecordScorer m : current) {
      versions.put(m.target(), m.version());
    }
    return versions;
  }

  private static String versions(List<RecordScorer> current) {
    return current.stream().map(m -> m.target().id() + " " + HdfsLayout.versionName(m.version()))
        .collect(java.util.stream.Collectors.joining(", "));
  }

}
