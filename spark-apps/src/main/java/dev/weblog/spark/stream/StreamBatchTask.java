package dev.weblog.spark.stream;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.spark.ParquetRows;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.model.RecordScorer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * What one task of a micro-batch does with its share of the Kafka records, in one pass: decodes each line
 * ({@link StreamDecoder}), scores a valid one with both models ({@link RecordScorer}) and writes it into a
 * predictions file and a raw-archive file, a rejected one into a quarantine file, each in the batch's staging
 * folder and opened only when a row needs it. It returns one {@link Result}: its counts and the files it closed,
 * which the driver commits by rename (see {@link StreamBatchCommit}). A failed or repeated attempt writes files
 * under new names that no result names, so they are never committed.
 *
 * <p>It reads the Kafka source's rows as Spark holds them inside ({@link InternalRow}): turning each into a
 * {@link Row} first (a copy of the value and a {@code Timestamp} per record) was a tenth of a task.
 */
final class StreamBatchTask implements FlatMapFunction<Iterator<InternalRow>, StreamBatchTask.Result> {

  private static final long serialVersionUID = 1L;

  /**
   * What one task did: its records' counts, the files it closed (full paths), its tally (null without metrics) and
   * its drift monitoring's (null when no target is monitored).
   */
  record Result(long predicted, long quarantined, List<String> files, BatchTally tally, MonitorTally monitor)
      implements Serializable {}

  private static final StructType PROCESSED = new StructType().add(StreamColumns.PROCESSED_AT,
      DataTypes.TimestampType, false);

  /** A decoded line ({@link StreamDecoder#SCHEMA}), then each target's predicted label and model version. */
  static final StructType ROW = rowSchema();

  /** Columns whose values are nearly all distinct, so written without a dictionary. */
  private static final Set<String> DISTINCT = Set.of(Column.DEVICE_ID.columnName(), Column.TIMESTAMP.columnName(),
      StreamColumns.LINE, StreamColumns.LINE_BYTES, StreamColumns.KAFKA_OFFSET, StreamColumns.KAFKA_TIMESTAMP);

  /** Threads that close a task's other files while the task closes its first (see {@link Files#close}). */
  private static final ExecutorService CLOSERS = Concurrently.pool("weblog-stream-file-close");

  static final int PREDICTED_AT = StreamDecoder.SCHEMA.size();
  private static final int VERSION_AT = PREDICTED_AT + Target.values().length;

  private final Broadcast<SerializableConfiguration> conf;
  private final Broadcast<RecordScorer[]> scorers;
  private final StreamDecoder.KafkaColumns kafkaColumns;
  private final String staging;
  private final java.sql.Timestamp processedAt;
  private final boolean tally;
  private final Broadcast<MonitorTally.Plan> monitor;

  /**
   * @param scorers the batch's models, one per target in {@link Target} order
   * @param kafkaColumns where the decoder's inputs are in the Kafka rows
   * @param staging the batch's staging folder; each output gets a sub-folder named as {@link Output#folder}
   * @param processedAt the {@link StreamColumns#PROCESSED_AT} of every prediction
   * @param tally whether to count what the stream's metrics need ({@link BatchTally})
   * @param monitor what drift monitoring counts against ({@link MonitorTally}); null: nothing to monitor
   */
  StreamBatchTask(Broadcast<SerializableConfiguration> conf, Broadcast<RecordScorer[]> scorers,
      StreamDecoder.KafkaColumns kafkaColumns, Path staging, java.sql.Timestamp processedAt, boolean tally,
      Broadcast<MonitorTally.Plan> monitor) {
    this.conf = conf;
    this.scorers = scorers;
    this.kafkaColumns = kafkaColumns;
    this.processedAt = processedAt;
    this.staging = staging.toString();
    this.tally = tally;
    this.monitor = monitor;
  }

  /**
   * The outputs a task writes, with the columns of each and the row shape they are written from: a column every
   * row of the output has is written as required, which Parquet stores without a definition level per value.
   */
  enum Output {
    PREDICTIONS("predictions", StreamColumns.predictions(), alwaysInValidLines()),
    RAW("raw", StreamColumns.raw(), alwaysInValidLines()),
    QUARANTINE("quarantine", StreamColumns.quarantine(), Set.of());

    private final String folder;
    private final List<String> columns;
    private final StructType rows;

    Output(String folder, List<String> columns, Set<String> required) {
      this.folder = folder;
      this.columns = columns;
      this.rows = withRequired(ROW, required);
    }

    /** The sub-folder of the batch's staging folder that holds this output's files. */
    String folder() {
      return folder;
    }
  }

  @Override
  public Iterator<Result> call(Iterator<InternalRow> kafka) throws IOException {
    return List.of(write(kafka, r -> StreamDecoder.decode(r, kafkaColumns, ROW.size()))).iterator();
  }

  /** As {@link #call}, for the records of a share the task reads with its own consumer ({@link RangeReader}). */
  Result write(RangeReader kafka) throws IOException {
    return write(kafka, r -> StreamDecoder.decode(r, ROW.size()));
  }

  private <R> Result write(Iterator<R> kafka, Function<R, Object[]> decoder) throws IOException {
    Configuration hadoop = conf.value().value();
    RecordScorer[] models = scorers.value();
    // Unique per attempt: a re-run or retry never writes into a file another attempt may still hold open.
    String name = String.format("part-%05d-%s.snappy.parquet", TaskContext.getPartitionId(), UUID.randomUUID());
    Files files = new Files(hadoop, name);
    long predicted = 0;
    long quarantined = 0;
    BatchTally seen = tally ? new BatchTally() : null;
    MonitorTally watched = monitor == null ? null : new MonitorTally(monitor.value());
    try {
      while (kafka.hasNext()) {
        Object[] values = decoder.apply(kafka.next());
        if (StreamDecoder.valid(values)) {
          for (RecordScorer model : models) {
            values[PREDICTED_AT + model.target().ordinal()] = model.predict(values);
            values[VERSION_AT + model.target().ordinal()] = model.version();
          }
          Row row = RowFactory.create(values);
          files.writer(Output.PREDICTIONS).write(row);
          files.writer(Output.RAW).write(row);
          predicted++;
          if (seen != null) {
            seen.valid(values, PREDICTED_AT);
          }
          if (watched != null) {
            watched.valid(values, PREDICTED_AT);
          }
        } else {
          files.writer(Output.QUARANTINE).write(RowFactory.create(values));
          quarantined++;
          if (seen != null) {
            seen.quarantined(values);
          }
        }
      }
    } finally {
      files.close();
    }
    return new Result(predicted, quarantined, List.copyOf(files.closed), seen, watched);
  }

  /** The columns a valid line always has: the record's mandatory ones, its line, predictions and coordinates. */
  private static Set<String> alwaysInValidLines() {
    Set<String> columns = new HashSet<>(List.of(StreamColumns.LINE, StreamColumns.KAFKA_PARTITION,
        StreamColumns.KAFKA_OFFSET));
    for (Column c : Column.values()) {
      if (!c.nullable()) {
        columns.add(c.columnName());
      }
    }
    for (Target t : Target.values()) {
      columns.add(StreamColumns.predicted(t));
      columns.add(StreamColumns.modelVersion(t));
    }
    return Set.copyOf(columns);
  }

  private static StructType withRequired(StructType schema, Set<String> required) {
    StructType shaped = new StructType();
    for (StructField f : schema.fields()) {
      shaped = shaped.add(f.name(), f.dataType(), f.nullable() && !required.contains(f.name()));
    }
    return shaped;
  }

  private static StructType rowSchema() {
    StructType schema = StreamDecoder.SCHEMA;
    for (Target t : Target.values()) {
      schema = schema.add(StreamColumns.predicted(t), DataTypes.StringType, true);
    }
    for (Target t : Target.values()) {
      schema = schema.add(StreamColumns.modelVersion(t), DataTypes.IntegerType, true);
    }
    return schema;
  }

  /** The task's open writers, one per output at most, and the files it closed. */
  private final class Files {
    private final Configuration hadoop;
    private final String name;
    private final ParquetWriter<Row>[] open;
    private final List<String> closed = new ArrayList<>();

    @SuppressWarnings("unchecked")
    Files(Configuration hadoop, String name) {
      this.hadoop = hadoop;
      this.name = name;
      this.open = new ParquetWriter[Output.values().length];
    }

    ParquetWriter<Row> writer(Output output) {
      ParquetWriter<Row> w = open[output.ordinal()];
      if (w == null) {
        Path file = file(output);
        try {
          w = new ParquetRows(output.rows, output.columns, PROCESSED, new Object[] {processedAt}).open(file, hadoop,
              DISTINCT);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        }
        open[output.ordinal()] = w;
      }
      return w;
    }

    private Path file(Output output) {
      return new Path(new Path(staging, output.folder), name);
    }

    /**
     * Closes every writer, at the same time: a close is mostly waiting (the NameNode's new block, the DataNode's
     * acknowledgement, the file's completion, ~15-30 ms each here), so closing a task's two or three files one
     * after the other made up a third of a small batch's job. The first failure is thrown after all were tried.
     */
    void close() throws IOException {
      List<Output> opened = new ArrayList<>();
      for (Output output : Output.values()) {
        if (open[output.ordinal()] != null) {
          opened.add(output);
        }
      }
      // Outcomes in the order opened: null when it closed. The first closes on this thread, the others on the closers.
      IOException[] outcomes = new IOException[opened.size()];
      List<Runnable> closes = new ArrayList<>();
      for (int i = 0; i < opened.size(); i++) {
        int at = i;
        closes.add(() -> outcomes[at] = closeOne(opened.get(at)));
      }
      Concurrently.run(closes, CLOSERS);
      IOException failure = null;
      for (int i = 0; i < opened.size(); i++) {
        if (outcomes[i] == null) {
          closed.add(file(opened.get(i)).toString());
        } else if (failure == null) {
          failure = outcomes[i];
        }
      }
      if (failure != null) {
        throw failure;
      }
    }

    /** Closes one writer; the failure, or null when it closed. */
    private IOException closeOne(Output output) {
      try {
        open[output.ordinal()].close();
        return null;
      } catch (IOException e) {
        return e;
      }
    }
  }
}
