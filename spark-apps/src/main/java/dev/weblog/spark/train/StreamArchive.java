package dev.weblog.spark.train;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.ParseResult;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.StorageOptions;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.WebLogSparkSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The live lines StreamJob archived in {@code stream/raw/}, as rows like {@code data/}'s: retraining learns from
 * the history and from what the stream has seen since. The archive holds valid lines only; they are decoded with
 * the same codec. Each row also carries where the line stands in the stream ({@link #ORDER}): its micro-batch,
 * Kafka partition and offset, and the batch's {@link StreamColumns#PROCESSED_AT}, which the raw files do not hold
 * and {@code stream/batches/} does (null when the batch has no row there yet, e.g. cut short by a crash).
 */
final class StreamArchive {

  /** The stream-position columns each archived row carries besides the record's and the date. */
  static final List<String> ORDER = List.of(StreamColumns.PROCESSED_AT, StreamColumns.BATCH_ID,
      StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET);

  private static final StructType ROW = positions(WebLogSparkSchema.record());

  private StreamArchive() {}

  /** The archived records with their {@link #ORDER} columns, or empty when the stream has archived nothing yet. */
  static Optional<Dataset<Row>> read(SparkSession spark, FileSystem fs, HdfsLayout layout) {
    Path archive = StorageOptions.qualified(fs, layout.streamRaw());
    if (!hasFiles(fs, archive)) {
      return Optional.empty();
    }
    Dataset<Row> raw = spark.read().parquet(archive.toString());
    Dataset<Row> lines = raw.select(functions.col(StreamColumns.LINE), column(raw, StreamColumns.BATCH_ID),
        column(raw, StreamColumns.KAFKA_PARTITION), column(raw, StreamColumns.KAFKA_OFFSET));
    Path batches = StorageOptions.qualified(fs, layout.streamBatches());
    Dataset<Row> processed = hasFiles(fs, batches)
        ? spark.read().parquet(batches.toString()).select(
            functions.col(StreamColumns.BATCH_ID).cast(DataTypes.LongType).as(StreamColumns.BATCH_ID),
            functions.col(StreamColumns.PROCESSED_AT))
        : spark.emptyDataFrame().select(functions.lit(null).cast(DataTypes.LongType).as(StreamColumns.BATCH_ID),
            functions.lit(null).cast(DataTypes.TimestampType).as(StreamColumns.PROCESSED_AT));
    Dataset<Row> positioned = lines.join(processed, lines.col(StreamColumns.BATCH_ID)
        .equalTo(processed.col(StreamColumns.BATCH_ID)), "left")
        .select(functions.col(StreamColumns.LINE), processed.col(StreamColumns.PROCESSED_AT),
            lines.col(StreamColumns.BATCH_ID), functions.col(StreamColumns.KAFKA_PARTITION),
            functions.col(StreamColumns.KAFKA_OFFSET));
    return Optional.of(positioned.mapPartitions(new Decoder(), Encoders.row(ROW))
        .withColumn(WebLogSparkSchema.DATE, WebLogSparkSchema.dateOfTimestamp()));
  }

  /** The rows as {@code data/} holds them, without the stream positions. */
  static Dataset<Row> records(Dataset<Row> archived) {
    return archived.drop(ORDER.toArray(String[]::new));
  }

  private static boolean hasFiles(FileSystem fs, Path folder) {
    try {
      return fs.exists(folder) && fs.getContentSummary(folder).getFileCount() > 0;
    } catch (IOException e) {
      throw new JobFailure("cannot read the stream archive " + folder + ": " + StagedDirectory.oneLine(e), e);
    }
  }

  /** A position column as a long; null when files written without it lack it. */
  private static org.apache.spark.sql.Column column(Dataset<Row> raw, String name) {
    org.apache.spark.sql.Column value = Arrays.asList(raw.columns()).contains(name) ? functions.col(name)
        : functions.lit(null);
    return value.cast(DataTypes.LongType).as(name);
  }

  private static StructType positions(StructType record) {
    return record.add(StreamColumns.PROCESSED_AT, DataTypes.TimestampType, true)
        .add(StreamColumns.BATCH_ID, DataTypes.LongType, true)
        .add(StreamColumns.KAFKA_PARTITION, DataTypes.LongType, true)
        .add(StreamColumns.KAFKA_OFFSET, DataTypes.LongType, true);
  }

  /** Lines to record rows; an invalid line cannot be in the archive, and would be skipped if it were. */
  private static final class Decoder implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> lines) {
      List<Row> rows = new ArrayList<>();
      while (lines.hasNext()) {
        Row line = lines.next();
        if (WebLogCsvCodec.decode(line.getString(0)) instanceof ParseResult.Valid valid) {
          List<Object> values = new ArrayList<>(Arrays.asList(WebLogSparkSchema.values(valid.record())));
          for (int i = 1; i < line.size(); i++) {
            values.add(line.get(i));
          }
          rows.add(RowFactory.create(values.toArray()));
        }
      }
      return rows.iterator();
    }
  }
}
