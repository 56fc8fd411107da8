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
  /** Quarantine only: the codec's rejection, as in the history quarantine ({@link #REASON} also in monitor). */
  public static final String KIND = "kind";
  public static final String FIELD = "field";
  public static final String REASON = "reason";

  /** Batches only: the time the batch's other outputs were all written; latency ends here. */
  public static final String COMMITTED_AT = "committed_at";
  public static final String INPUT_ROWS = "input_rows";
  public static final String PREDICTED = "predicted";
  public static final String QUARANTINED = "quarantined";

  /** Monitor only ({@code stream/monitor/}, one row per batch and target): the target the row judges. */
  public static final String TARGET = "target";
  /** Monitor only: the serving model version of the target in the batch, whose training profile is the reference. */
  public static final String MODEL_VERSION = "model_version";
  /** Monitor only: the batch's valid lines, those with the target's label, and those the model got right. */
  public static final String LINES = "lines";
  public static final String LABELLED = "labelled";
  public static final String CORRECT = "correct";
  /** Monitor only: correct over labelled, null without labelled lines. */
  public static final String ACCURACY = "accuracy";
  /** Monitor only: total variation distance of the predicted class shares from training's (0..1). */
  public static final String CLASS_SHIFT = "class_shift";
  /** Monitor only: share of the lines per predicted label (a map). */
  public static final String PREDICTED_SHARES = "predicted_shares";
  /** Monitor only: the feature with the largest PSI and that PSI (null and NaN without lines). */
  public static final String WORST_FEATURE = "worst_feature";
  public static final String WORST_PSI = "worst_psi";
  /** Monitor only: each feature's PSI against training, and its share of values training never saw (maps). */
  public static final String FEATURE_PSI = "feature_psi";
  public static final String FEATURE_UNSEEN_SHARE = "feature_unseen_share";
  /**
   * Monitor only: the drift window after the batch: bad batches in a row, whether that is drift, the first batch
   * of the streak (null without one) and why the latest bad batch was bad ({@link #REASON}, null without one).
   */
  public static final String DRIFT_STREAK = "drift_streak";
  public static final String DRIFT_DETECTED = "drift_detected";
  public static final String DRIFT_SINCE_BATCH = "drift_since_batch";
  /**
   * The lines drift was judged on at this batch: its own and those of the small batches before it that had not yet
   * made up the rule's least lines; null when this batch completed no judgement (it is pooled with the next).
   */
  public static final String JUDGED_LINES = "judged_lines";

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

  /** Columns of {@code stream/monitor/}: one row per micro-batch and monitored target. */
  public static List<String> monitor() {
    return List.of(PROCESSED_AT, TARGET, MODEL_VERSION, LINES, LABELLED, CORRECT, ACCURACY, CLASS_SHIFT,
        PREDICTED_SHARES, WORST_FEATURE, WORST_PSI, FEATURE_PSI, FEATURE_UNSEEN_SHARE, DRIFT_STREAK, DRIFT_DETECTED,
        DRIFT_SINCE_BATCH, JUDGED_LINES, REASON);
  }

  /** The folder of one micro-batch's output. */
  public static String batchFolder(String output, long batchId) {
    return output + "/" + BATCH_ID + "=" + batchId;
  }
}
