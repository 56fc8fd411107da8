package dev.weblog.spark;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of what StreamJob writes, for whoever reads it (the local demo, benchmarks). Every output is
 * Parquet in one folder per micro-batch, {@code <output>/batch_id=<N>/}, so readers get {@link #BATCH_ID} as a
 * partition column. A batch is complete once its row is in {@code stream/batches/}, written last.
 */
public final class StreamColumns {

  /** Partition column of every stream output: the micro-batch that wrote the row. */
  public static final String BATCH_ID = "batch_id";

  /** Where a line came from in Kafka: with the partition, it identifies the record. */
  public static final String KAFKA_PARTITION = "kafka_partition";
  public static final String KAFKA_OFFSET = "kafka_offset";
  /** The record's Kafka timestamp (the producer's create time by default). */
  public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
  /** When the micro-batch that scored the line started. */
  public static final String PROCESSED_AT = "processed_at";

  /** The line as a string (U+FFFD where the bytes were not UTF-8). */
  public static final String LINE = "line";
  /** Quarantine only: the value's bytes exactly as received, so a non-UTF-8 line is kept as it was. */
  public static final String LINE_BYTES = "line_bytes";
  /** Quarantine only: the codec's rejection, as in the history quarantine. */
  public static final String KIND = "kind";
  public static final String FIELD = "field";
  public static final String REASON = "reason";

  /** Batches only: the time the batch's other outputs were all written; latency ends here. */
  public static final String COMMITTED_AT = "committed_at";
  public static final String INPUT_ROWS = "input_rows";
  public static final String PREDICTED = "predicted";
  public static final String QUARANTINED = "quarantined";

  private StreamColumns() {}

  /** The predicted label as written in the CSV ({@code 36-50}, {@code 1}): a string. */
  public static String predicted(Target target) {
    return ModelOutput.predictedLabel(target);
  }

  /** The model version (the N of {@code v<N>}) that predicted the row: an int. */
  public static String modelVersion(Target target) {
    return target.id() + "_model_version";
  }

  /**
   * The label the line carried, as a string like the prediction ({@code gender} too), null when unknown: what
   * live accuracy compares {@link #predicted} with.
   */
  public static String observed(Target target) {
    return target.id();
  }

  /** Columns of {@code stream/predictions/}, in file order (plus the batch_id partition). */
  public static List<String> predictions() {
    List<String> names = new ArrayList<>();
    names.add(Column.DEVICE_ID.columnName());
    names.add(Column.TIMESTAMP.columnName());
    for (Column feature : Column.DEFAULT_FEATURES) {
      names.add(feature.columnName());
    }
    for (Target t : Target.values()) {
      names.add(predicted(t));
    }
    for (Target t : Target.values()) {
      names.add(modelVersion(t));
    }
    for (Target t : Target.values()) {
      names.add(observed(t));
    }
    names.addAll(List.of(KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP, PROCESSED_AT));
    return List.copyOf(names);
  }

  /** Columns of {@code quarantine/stream/}. */
  public static List<String> quarantine() {
    return List.of(LINE, LINE_BYTES, KIND, FIELD, REASON, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP);
  }

  /** Columns of {@code stream/raw/}: valid lines as received, before scoring. */
  public static List<String> raw() {
    return List.of(LINE, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP);
  }

  /** Columns of {@code stream/batches/}: one row per micro-batch. */
  public static List<String> batches() {
    List<String> names = new ArrayList<>(List.of(PROCESSED_AT, COMMITTED_AT, INPUT_ROWS, PREDICTED, QUARANTINED));
    for (Target t : Target.values()) {
      names.add(modelVersion(t));
    }
    return List.copyOf(names);
  }

  /** The folder of one micro-batch's output. */
  public static String batchFolder(String output, long batchId) {
    return output + "/" + BATCH_ID + "=" + batchId;
  }
}
