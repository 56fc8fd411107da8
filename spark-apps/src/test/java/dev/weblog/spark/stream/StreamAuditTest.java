package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.spark.JobLauncher;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.StreamColumns;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The audit counts only committed batches, and finds a record written twice. */
class StreamAuditTest {

  private static final StructType KEYS = new StructType()
      .add(StreamColumns.BATCH_ID, DataTypes.LongType)
      .add(StreamColumns.KAFKA_PARTITION, DataTypes.IntegerType)
      .add(StreamColumns.KAFKA_OFFSET, DataTypes.LongType);
  private static final StructType PREDICTIONS = KEYS.add(StreamColumns.modelVersion(Target.GENDER),
      DataTypes.IntegerType);

  @Test
  void countsCommittedBatchesAndFindsDuplicates() {
    SparkSession spark = SharedCluster.spark();
    String base = SharedCluster.freshBase("audit");
    HdfsLayout layout = new HdfsLayout(base);
    // Batch 1 repeats offset 2 of batch 0 (a duplicate) and swapped in model v2; batch 2 has no commit row, so
    // neither it nor its model v3 counts yet.
    write(spark, layout.streamPredictions(), PREDICTIONS, List.of(row(0, 0, 0, 1), row(0, 0, 1, 1),
        row(0, 0, 2, 1), row(1, 0, 2, 2), row(1, 0, 3, 2), row(2, 0, 4, 3)));
    write(spark, layout.streamQuarantine(), KEYS, List.<Object[]>of(row(1, 1, 0)));
    spark.createDataFrame(List.of(RowFactory.create(0L), RowFactory.create(1L)),
        new StructType().add(StreamColumns.BATCH_ID, DataTypes.LongType))
        .write().mode(SaveMode.Overwrite).parquet(SharedCluster.uri() + layout.streamBatches());

    StreamAudit.Audit audit = StreamAudit.run(spark,
        JobLauncher.parse(new StreamAudit.Options(), SharedCluster.args(base)));

    assertEquals(2, audit.batches());
    assertEquals(5, audit.predicted());
    assertEquals(1, audit.quarantined());
    assertEquals(1, audit.duplicates());
    assertEquals(Map.of(0, new StreamAudit.PartitionCount(4, 3), 1, new StreamAudit.PartitionCount(1, 0)),
        audit.partitions());
    assertEquals(Map.of(Target.GENDER.id(), List.of(1, 2)), audit.modelVersions());
    assertEquals("{\"batches\":2,\"predicted\":5,\"quarantined\":1,\"duplicates\":1,\"partitions\":"
        + "{\"0\":{\"distinct_offsets\":4,\"max_offset\":3},\"1\":{\"distinct_offsets\":1,\"max_offset\":0}},"
        + "\"model_versions\":{\"gender\":[1,2]}}",
        audit.json());
  }

  @Test
  void aStreamThatNeverCommittedHasNothingToAccountFor() {
    String base = SharedCluster.freshBase("audit-empty");
    StreamAudit.Audit audit = StreamAudit.run(SharedCluster.spark(),
        JobLauncher.parse(new StreamAudit.Options(), SharedCluster.args(base)));
    assertEquals(new StreamAudit.Audit(0, 0, 0, 0, Map.of(), Map.of()), audit);
  }

  private static Object[] row(long batch, int partition, long offset) {
    return new Object[] {batch, partition, offset};
  }

  private static Object[] row(long batch, int partition, long offset, int genderModel) {
    return new Object[] {batch, partition, offset, genderModel};
  }

  private static void write(SparkSession spark, String layoutPath, StructType schema, List<Object[]> rows) {
    spark.createDataFrame(rows.stream().map(RowFactory::create).toList(), schema)
        .write().mode(SaveMode.Overwrite).partitionBy(StreamColumns.BATCH_ID)
        .parquet(SharedCluster.uri() + layoutPath);
  }
}
