package dev.weblog.spark.ingest;

import dev.weblog.common.Column;
import dev.weblog.common.WebLogRecord;
import dev.weblog.spark.WebLogSparkSchema;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * One task's Parquet files, one open file per date ({@code date=yyyy-MM-dd/part-<task>-<n>.parquet} under a
 * folder of its own). At most {@value #MAX_OPEN} are open at once: past that the least recently written is closed
 * and the date gets a further file if it comes again.
 */
final class DateFiles implements AutoCloseable {

  static final int MAX_OPEN = 32;
  /** Closing waits mostly on HDFS (flush, then the NameNode completing the file): done side by side. */
  private static final int CLOSING_THREADS = 8;
  /** Ids, addresses and coordinates are nearly all distinct: a dictionary would only be built and thrown away. */
  private static final List<Column> WITHOUT_DICTIONARY =
      List.of(Column.DEVICE_ID, Column.IP, Column.MEMBER_ID, Column.LAT, Column.LON);

  private final Configuration conf;
  private final Path folder;
  private final String prefix;
  private final LinkedHashMap<LocalDate, ParquetWriter<WebLogRecord>> open = new LinkedHashMap<>(64, 0.75f, true);
  private final List<String> written = new ArrayList<>();

  /** Files go under {@code folder}, named {@code prefix-<n>.parquet}. */
  DateFiles(Configuration conf, Path folder, String prefix) {
    this.conf = conf;
    this.folder = folder;
    this.prefix = prefix;
  }

  /** The partition folder of a date, as Spark names it and infers the {@code date} column back from it. */
  static String partition(LocalDate date) {
    return WebLogSparkSchema.DATE + "=" + date;
  }

  void write(WebLogRecord record) throws IOException {
    LocalDate date = record.timestamp().toLocalDate();
    ParquetWriter<WebLogRecord> writer = open.get(date);
    if (writer == null) {
      if (open.size() == MAX_OPEN) {
        Iterator<ParquetWriter<WebLogRecord>> eldest = open.values().iterator();
        eldest.next().close();
        eldest.remove();
      }
      writer = create(date);
      open.put(date, writer);
    }
    writer.write(record);
  }

  /** The files written so far, relative to the folder ({@code date=.../part-...parquet}). */
  List<String> files() {
    return written;
  }

  private ParquetWriter<WebLogRecord> create(LocalDate date) throws IOException {
    String relative = partition(date) + "/" + prefix + "-" + written.size() + ".parquet";
    written.add(relative);
    RecordWriteSupport.Builder builder = RecordWriteSupport.builder(
        HadoopOutputFile.fromPath(new Path(folder, relative), conf))
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(CompressionCodecName.SNAPPY);
    for (Column c : WITHOUT_DICTIONARY) {
      builder = builder.withDictionaryEncoding(c.columnName(), false);
    }
    return builder.build();
  }

  /** Closes every open file, side by side; the first failure is thrown once all have been tried. */
  @Override
  public void close() throws IOException {
    if (open.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(CLOSING_THREADS, open.size()));
    try {
      List<Future<?>> closing = new ArrayList<>();
      for (ParquetWriter<WebLogRecord> writer : open.values()) {
        closing.add(pool.submit(() -> {
          writer.close();
          return null;
        }));
      }
      open.clear();
      IOException failure = null;
      for (Future<?> f : closing) {
        try {
          f.get();
        } catch (ExecutionException e) {
          IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while closing Parquet files under " + folder, e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
