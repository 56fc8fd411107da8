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

/**
 * The live lines StreamJob archived in {@code stream/raw/}, as rows like {@code data/}'s: retraining learns from
 * the history and from what the stream has seen since. The archive holds valid lines only; they are decoded with
 * the same codec.
 */
final class StreamArchive {

  private StreamArchive() {}

  /** The archived records, or empty when the stream has archived nothing yet. */
  static Optional<Dataset<Row>> read(SparkSession spark, FileSystem fs, HdfsLayout layout) {
    Path archive = StorageOptions.qualified(fs, layout.streamRaw());
    try {
      if (!fs.exists(archive) || fs.getContentSummary(archive).getFileCount() == 0) {
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new JobFailure("cannot read the stream archive " + archive + ": " + StagedDirectory.oneLine(e), e);
    }
    Dataset<Row> lines = spark.read().parquet(archive.toString()).select(StreamColumns.LINE);
    return Optional.of(lines.mapPartitions(new Decoder(), Encoders.row(WebLogSparkSchema.record()))
        .withColumn(WebLogSparkSchema.DATE, WebLogSparkSchema.dateOfTimestamp()));
  }

  /** Lines to record rows; an invalid line cannot be in the archive, and would be skipped if it were. */
  private static final class Decoder implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> lines) {
      List<Row> rows = new ArrayList<>();
      while (lines.hasNext()) {
        if (WebLogCsvCodec.decode(lines.next().getString(0)) instanceof ParseResult.Valid valid) {
          rows.add(RowFactory.create(WebLogSparkSchema.values(valid.record())));
        }
      }
      return rows.iterator();
    }
  }
}
