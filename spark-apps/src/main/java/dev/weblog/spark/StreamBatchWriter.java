package dev.weblog.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The body of every micro-batch. Exactly once rests on two facts: Spark re-runs a batch whose commit it did not
 * log with the same offsets and batch id, and every write here goes to {@code <output>/batch_id=<N>/} in
 * overwrite mode, so a re-run replaces its own earlier attempt instead of adding to it. The order (quarantine,
 * raw archive, predictions, then the batch's row in {@code stream/batches/}) makes that last row the sign that
 * a batch is complete.
 *
 * <p>Spark calls it on the driver only, so it may hold the file system and the models.
 */
final class StreamBatchWriter implements VoidFunction2<Dataset<Row>, Long> {

  private static final long serialVersionUID = 1L;
  private static final long LOCK_POLL_MILLIS = 100;
  private static final Logger LOG = LogManager.getLogger(StreamBatchWriter.class);

  private final FileSystem fs;
  private final StreamModels models;
  private final Path quarantine;
  private final Path raw;
  private final Path predictions;
  private final Path batches;
  private final ReentrantLock batchLock = new ReentrantLock();
  private final AtomicLong committedRecords = new AtomicLong();
  private final AtomicLong committedBatches = new AtomicLong();
  private volatile long lastWrittenBatch = -1;
  private volatile BooleanSupplier queryStopped = () -> false;

  StreamBatchWriter(FileSystem fs, HdfsLayout layout, StreamModels models) {
    this.fs = fs;
    this.models = models;
    this.quarantine = StorageOptions.qualified(fs, layout.streamQuarantine());
    this.raw = StorageOptions.qualified(fs, layout.streamRaw());
    this.predictions = StorageOptions.qualified(fs, layout.streamPredictions());
    this.batches = StorageOptions.qualified(fs, layout.streamBatches());
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
    List<ModelRegistry.LoadedModel> current = models.refresh();
    Dataset<Row> decoded = kafka.select(StreamDecoder.INPUT[0], StreamDecoder.INPUT[1], StreamDecoder.INPUT[2],
        StreamDecoder.INPUT[3])
        .mapPartitions(new StreamDecoder(), StreamDecoder.encoder())
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // The one pass over Kafka: fills the cache that every output below reads.
      Row counts = decoded.agg(functions.count(lit(1)),
          functions.sum(functions.when(col(StreamDecoder.VALID), 1L).otherwise(0L))).first();
      long input = counts.getLong(0);
      long valid = counts.isNullAt(1) ? 0 : counts.getLong(1);
      long rejected = input - valid;
      Dataset<Row> validRows = decoded.where(col(StreamDecoder.VALID));

      overwrite(decoded.where(functions.not(col(StreamDecoder.VALID))).select(columns(StreamColumns.quarantine())),
          quarantine, batchId, rejected);
      overwrite(validRows.select(columns(StreamColumns.raw())), raw, batchId, valid);
      overwrite(scored(validRows, current, processedAt), predictions, batchId, valid);
      Timestamp committedAt = Timestamp.from(Instant.now());
      overwrite(batchRow(kafka, processedAt, committedAt, input, valid, rejected, current), batches, batchId, 1);

      committedRecords.addAndGet(input);
      committedBatches.incrementAndGet();
      lastWrittenBatch = batchId;
      LOG.info("micro-batch {}: {} records, {} predicted, {} quarantined in {} ms (models {})", batchId, input, valid,
          rejected, committedAt.getTime() - processedAt.getTime(), versions(current));
    } finally {
      decoded.unpersist(false);
    }
  }

  private static Dataset<Row> scored(Dataset<Row> validRows, List<ModelRegistry.LoadedModel> current,
      Timestamp processedAt) {
    Dataset<Row> scored = StreamModels.score(validRows, current);
    List<org.apache.spark.sql.Column> out = new ArrayList<>();
    out.add(col(Column.DEVICE_ID.columnName()));
    out.add(col(Column.TIMESTAMP.columnName()));
    for (Column feature : Column.DEFAULT_FEATURES) {
      out.add(col(feature.columnName()));
    }
    for (Target t : Target.values()) {
      out.add(col(ModelOutput.predictedLabel(t)).as(StreamColumns.predicted(t)));
    }
    for (ModelRegistry.LoadedModel m : current) {
      out.add(lit(m.version()).as(StreamColumns.modelVersion(m.target())));
    }
    for (Target t : Target.values()) {
      out.add(col(t.id()).cast("string").as(StreamColumns.observed(t)));
    }
    out.add(col(StreamColumns.KAFKA_PARTITION));
    out.add(col(StreamColumns.KAFKA_OFFSET));
    out.add(col(StreamColumns.KAFKA_TIMESTAMP));
    out.add(lit(processedAt).as(StreamColumns.PROCESSED_AT));
    return scored.select(out.toArray(org.apache.spark.sql.Column[]::new));
  }

  private static Dataset<Row> batchRow(Dataset<Row> kafka, Timestamp processedAt, Timestamp committedAt,
      long input, long valid, long rejected, List<ModelRegistry.LoadedModel> current) {
    List<org.apache.spark.sql.Column> values = new ArrayList<>(List.of(
        lit(processedAt).as(StreamColumns.PROCESSED_AT),
        lit(committedAt).as(StreamColumns.COMMITTED_AT),
        lit(input).as(StreamColumns.INPUT_ROWS),
        lit(valid).as(StreamColumns.PREDICTED),
        lit(rejected).as(StreamColumns.QUARANTINED)));
    for (ModelRegistry.LoadedModel m : current) {
      values.add(lit(m.version()).as(StreamColumns.modelVersion(m.target())));
    }
    return kafka.sparkSession().range(0, 1, 1, 1).select(values.toArray(org.apache.spark.sql.Column[]::new));
  }

  /** Replaces the batch's folder; a batch with no such rows has none (a re-run has the same rows, none again). */
  private void overwrite(Dataset<Row> rows, Path output, long batchId, long expectedRows) {
    Path folder = new Path(StreamColumns.batchFolder(output.toString(), batchId));
    if (expectedRows > 0) {
      // Spark's own write errors name the path; they are left as they are, so a stop's interruption stays one.
      rows.write().mode(SaveMode.Overwrite).parquet(folder.toString());
      return;
    }
    try {
      fs.delete(folder, true);
    } catch (IOException e) {
      throw new JobFailure("cannot clear " + folder + " for micro-batch " + batchId + ": "
          + StagedDirectory.oneLine(e), e);
    }
  }

  private static String versions(List<ModelRegistry.LoadedModel> current) {
    return current.stream().map(m -> m.target().id() + " " + HdfsLayout.versionName(m.version()))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static org.apache.spark.sql.Column[] columns(List<String> names) {
    return names.stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new);
  }
}
