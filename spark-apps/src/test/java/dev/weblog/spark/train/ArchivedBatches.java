package dev.weblog.spark.train;

import dev.weblog.common.HdfsLayout;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.StreamColumns;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Live lines laid out as StreamJob archives them: {@code stream/raw/batch_id=<N>/} with each line's Kafka partition
 * and offset, and the batch's processing instant in {@code stream/batches/batch_id=<N>/}.
 */
final class ArchivedBatches {

  static final int PARTITIONS = 2;

  private static final StructType RAW = new StructType()
      .add(StreamColumns.LINE, DataTypes.StringType, false)
      .add(StreamColumns.KAFKA_PARTITION, DataTypes.IntegerType, false)
      .add(StreamColumns.KAFKA_OFFSET, DataTypes.LongType, false);
  private static final StructType BATCH = new StructType()
      .add(StreamColumns.PROCESSED_AT, DataTypes.TimestampType, false);

  private ArchivedBatches() {}

  /**
   * {@code lines} in batches of {@code perBatch}, batch N processed at {@code first + N * between}; line i of the
   * whole list goes to partition i % {@value #PARTITIONS} at offset i / {@value #PARTITIONS}. Batches listed in
   * {@code uncommitted} get no row in stream/batches/.
   */
  static void write(SparkSession spark, HdfsLayout layout, List<String> lines, int perBatch, Instant first,
      Duration between, long... uncommitted) {
    for (int b = 0; b * perBatch < lines.size(); b++) {
      List<Row> raw = new ArrayList<>();
      for (int i = b * perBatch; i < Math.min(lines.size(), (b + 1) * perBatch); i++) {
        raw.add(RowFactory.create(lines.get(i), i % PARTITIONS, (long) (i / PARTITIONS)));
      }
      spark.createDataFrame(raw, RAW).coalesce(1).write()
          .parquet(SharedCluster.uri() + StreamColumns.batchFolder(layout.streamRaw(), b));
      final long batch = b;
      if (java.util.Arrays.stream(uncommitted).noneMatch(u -> u == batch)) {
        spark.createDataFrame(List.of(RowFactory.create(Timestamp.from(first.plus(between.multipliedBy(b))))), BATCH)
            .write().parquet(SharedCluster.uri() + StreamColumns.batchFolder(layout.streamBatches(), b));
      }
    }
  }

  /** The instant batch {@code b} was processed at, as {@link #write} lays them out. */
  static Instant processedAt(Instant first, Duration between, long b) {
    return first.plus(between.multipliedBy(b));
  }
}
