package dev.weblog.spark.stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.max;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.spark.JobLauncher;
import dev.weblog.spark.StorageOptions;
import dev.weblog.spark.StreamColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Accounts for the Kafka records the stream has committed: reads the predictions and the quarantine of every batch
 * whose row is in {@code stream/batches/} and prints one JSON line: rows of each, duplicates (a partition and
 * offset seen twice), per partition the distinct offsets and the highest one, and the model versions that scored. Compared with the topic's end
 * offsets this says whether anything was lost. What a user runs to check a pipeline, and what the e2e test runs in
 * the cluster.
 */
public final class StreamAudit {

  @Command(name = "StreamAudit", mixinStandardHelpOptions = true,
      description = "Prints one JSON line accounting for every Kafka record StreamJob committed: predicted, "
          + "quarantined, duplicates, and per partition the distinct and highest offsets.")
  public static final class Options {
    @Mixin
    StorageOptions storage = new StorageOptions();
  }

  /** Per Kafka partition: how many distinct offsets the committed outputs hold, and the highest. */
  public record PartitionCount(long distinctOffsets, long maxOffset) {}

  /**
   * @param modelVersions per target, the model versions that scored committed rows: a promoted model shows up
   *     here once the stream has swapped it in
   */
  public record Audit(long batches, long predicted, long quarantined, long duplicates,
      Map<Integer, PartitionCount> partitions, Map<String, List<Integer>> modelVersions) {

    public String json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("batches", batches);
      m.put("predicted", predicted);
      m.put("quarantined", quarantined);
      m.put("duplicates", duplicates);
      Map<String, Object> byPartition = new TreeMap<>();
      partitions.forEach((p, c) -> {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("distinct_offsets", c.distinctOffsets());
        counts.put("max_offset", c.maxOffset());
        byPartition.put(String.valueOf(p), counts);
      });
      m.put("partitions", byPartition);
      m.put("model_versions", modelVersions);
      try {
        return new ObjectMapper().writeValueAsString(m);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the audit as JSON", e);
      }
    }
  }

  private StreamAudit() {}

  public static void main(String[] args) {
    int code = JobLauncher.launch("StreamAudit", new Options(), args, options -> {
      System.out.println(run(JobLauncher.session("weblog-stream-audit"), options).json());
      return 0;
    });
    JobLauncher.stopActiveSession();
    System.exit(code);
  }

  public static Audit run(SparkSession spark, Options options) {
    FileSystem fs = options.storage.fileSystem(spark);
    HdfsLayout layout = options.storage.layout();
    Path batchesPath = StorageOptions.qualified(fs, layout.streamBatches());
    if (!exists(fs, batchesPath)) {
      return new Audit(0, 0, 0, 0, Map.of(), Map.of());
    }
    Dataset<Row> committed = spark.read().parquet(batchesPath.toString()).select(StreamColumns.BATCH_ID).distinct();
    Dataset<Row> predictions = committedRows(spark, fs, layout.streamPredictions(), committed);
    Dataset<Row> quarantine = committedRows(spark, fs, layout.streamQuarantine(), committed);
    Dataset<Row> keys = predictions.select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET)
        .unionByName(quarantine.select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET));
    Map<String, List<Integer>> versions = new TreeMap<>();
    for (Target t : Target.values()) {
      String column = StreamColumns.modelVersion(t);
      if (List.of(predictions.columns()).contains(column)) {
        versions.put(t.id(), predictions.select(column).distinct().where(col(column).isNotNull()).collectAsList()
            .stream().map(r -> r.getInt(0)).sorted().toList());
      }
    }
    Map<Integer, PartitionCount> partitions = new TreeMap<>();
    long rows = 0;
    for (Row r : keys.groupBy(StreamColumns.KAFKA_PARTITION)
        .agg(count(col(StreamColumns.KAFKA_OFFSET)), countDistinct(col(StreamColumns.KAFKA_OFFSET)),
            max(StreamColumns.KAFKA_OFFSET))
        .collectAsList()) {
      rows += r.getLong(1);
      partitions.put(r.getInt(0), new PartitionCount(r.getLong(2), r.getLong(3)));
    }
    long distinct = partitions.values().stream().mapToLong(PartitionCount::distinctOffsets).sum();
    return new Audit(committed.count(), predictions.count(), quarantine.count(), rows - distinct, partitions,
        versions);
  }

  /** The rows of a stream output that belong to committed batches; none when the folder does not exist yet. */
  private static Dataset<Row> committedRows(SparkSession spark, FileSystem fs, String layoutPath,
      Dataset<Row> committed) {
    Path path = StorageOptions.qualified(fs, layoutPath);
    if (!exists(fs, path)) {
      return spark.emptyDataFrame().selectExpr("cast(null as int) as " + StreamColumns.KAFKA_PARTITION,
          "cast(null as long) as " + StreamColumns.KAFKA_OFFSET);
    }
    return spark.read().parquet(path.toString()).join(committed, StreamColumns.BATCH_ID);
  }

  private static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look up " + path + " on " + fs.getUri(), e);
    }
  }
}
