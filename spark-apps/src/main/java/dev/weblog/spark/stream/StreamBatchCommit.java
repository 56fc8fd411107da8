package dev.weblog.spark.stream;

import dev.weblog.common.HdfsLayout;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.ParquetRows;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.StorageOptions;
import dev.weblog.spark.StreamColumns;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The driver's half of a micro-batch, through the FileSystem API: it clears the batch's staging folder before
 * the tasks write, then moves the files the tasks reported into {@code <output>/batch_id=<N>/} (replacing what an
 * earlier attempt of the same batch left there), marks each folder with {@code _SUCCESS}, and writes the batch's
 * row to {@code stream/batches/} last. A re-run of the batch goes through the same steps and ends in the same
 * state, which is what makes a replay idempotent.
 */
final class StreamBatchCommit {

  private static final String SUCCESS = "_SUCCESS";
  private static final String BATCH_ROW = "part-00000.snappy.parquet";
  private static final ExecutorService PUBLISHERS = Concurrently.pool("weblog-stream-publish");

  private final FileSystem fs;
  private final Path staging;
  private final Map<StreamBatchTask.Output, Path> outputs = new EnumMap<>(StreamBatchTask.Output.class);
  private final Path batches;
  private final Path monitor;

  StreamBatchCommit(FileSystem fs, HdfsLayout layout) {
    this.fs = fs;
    this.staging = StorageOptions.qualified(fs, layout.streamStaging());
    outputs.put(StreamBatchTask.Output.PREDICTIONS, StorageOptions.qualified(fs, layout.streamPredictions()));
    outputs.put(StreamBatchTask.Output.RAW, StorageOptions.qualified(fs, layout.streamRaw()));
    outputs.put(StreamBatchTask.Output.QUARANTINE, StorageOptions.qualified(fs, layout.streamQuarantine()));
    this.batches = StorageOptions.qualified(fs, layout.streamBatches());
    this.monitor = StorageOptions.qualified(fs, layout.streamMonitor());
  }

  /** The batch's staging folder, emptied of whatever an interrupted earlier attempt left in it. */
  Path prepare(long batchId) {
    Path folder = staging(batchId);
    io("clear " + folder, () -> fs.delete(folder, true));
    return folder;
  }

  /**
   * Moves the files the tasks reported into the outputs' folders of the batch, replacing an earlier attempt's, and
   * with {@code monitorRows} (null when the stream does not monitor drift) replaces the batch's folder of {@code
   * stream/monitor/} with them (of {@code monitorSchema}; none when empty). The folders are independent and each
   * costs a few NameNode round trips, so they are published at the same time; this returns once all are done and
   * throws the first failure. {@link #writeBatchRow} stays last.
   */
  void publish(long batchId, List<String> taskFiles, StructType monitorSchema, List<Row> monitorRows) {
    Map<StreamBatchTask.Output, List<Path>> staged = new EnumMap<>(StreamBatchTask.Output.class);
    for (StreamBatchTask.Output output : StreamBatchTask.Output.values()) {
      staged.put(output, new ArrayList<>());
    }
    for (String file : taskFiles) {
      Path path = new Path(file);
      staged.get(outputOf(path)).add(path);
    }
    List<Runnable> steps = new ArrayList<>();
    for (StreamBatchTask.Output output : StreamBatchTask.Output.values()) {
      steps.add(() -> publish(staged.get(output), outputs.get(output), batchId));
    }
    if (monitorRows != null) {
      steps.add(() -> publishMonitor(batchId, monitorSchema, monitorRows));
    }
    Concurrently.run(steps, PUBLISHERS);
  }

  private void publishMonitor(long batchId, StructType schema, List<Row> rows) {
    if (rows.isEmpty()) {
      publish(List.of(), monitor, batchId);
      return;
    }
    Path file = new Path(new Path(staging(batchId), "monitor"), BATCH_ROW);
    io("write " + file, () -> {
      try (ParquetWriter<Row> w = new ParquetRows(schema, List.of(schema.fieldNames())).open(file, fs.getConf())) {
        for (Row row : rows) {
          w.write(row);
        }
      }
      return true;
    });
    publish(List.of(file), monitor, batchId);
  }

  /**
   * Writes the batch's one row (of {@code schema}) to {@code stream/batches/}, then drops the staging folder. True
   * when it replaced the row of an earlier attempt of the batch: a replay after a restart, not a new batch.
   */
  boolean writeBatchRow(long batchId, StructType schema, Row row) {
    Path folder = staging(batchId);
    Path file = new Path(new Path(folder, "batches"), BATCH_ROW);
    io("write " + file, () -> {
      try (ParquetWriter<Row> w = new ParquetRows(schema, List.of(schema.fieldNames())).open(file, fs.getConf())) {
        w.write(row);
      }
      return true;
    });
    boolean replaced = publish(List.of(file), batches, batchId);
    io("remove " + folder, () -> fs.delete(folder, true));
    return replaced;
  }

  private Path staging(long batchId) {
    return new Path(StreamColumns.batchFolder(staging.toString(), batchId));
  }

  private static StreamBatchTask.Output outputOf(Path file) {
    String folder = file.getParent().getName();
    for (StreamBatchTask.Output output : StreamBatchTask.Output.values()) {
      if (output.folder().equals(folder)) {
        return output;
      }
    }
    throw new IllegalStateException("a task reported " + file + ", outside every output's staging folder");
  }

  /**
   * Replaces the batch's folder of {@code output} with {@code files}; none when there are none, as before. True
   * when there was a folder to replace.
   */
  private boolean publish(List<Path> files, Path output, long batchId) {
    Path target = new Path(StreamColumns.batchFolder(output.toString(), batchId));
    boolean replaced = io("clear " + target, () -> fs.delete(target, true));
    if (files.isEmpty()) {
      return replaced;
    }
    io("create " + target, () -> fs.mkdirs(target));
    for (Path file : files) {
      Path moved = new Path(target, file.getName());
      io("move " + file + " to " + moved, () -> {
        if (!fs.rename(file, moved)) {
          throw new IOException("rename returned false (is " + file + " missing?)");
        }
        return true;
      });
    }
    io("mark " + target, () -> {
      fs.create(new Path(target, SUCCESS), true).close();
      return true;
    });
    return replaced;
  }

  private interface FsCall {
    boolean call() throws IOException;
  }

  private static boolean io(String what, FsCall call) {
    try {
      return call.call();
    } catch (InterruptedIOException | ClosedByInterruptException e) {
      // Left an interruption, as Spark recognises one, so a stop that lands here stays a stop.
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new JobFailure("micro-batch commit: cannot " + what + ": " + StagedDirectory.oneLine(e), e);
    }
  }
}
