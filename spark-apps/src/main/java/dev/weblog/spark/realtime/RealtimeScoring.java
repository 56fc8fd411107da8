package dev.weblog.spark.realtime;

import dev.weblog.common.PredictionEvent;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One real-time task's records, one output row each and as each arrives (the iterator is lazy: a real-time task
 * never ends while the query runs): a valid line becomes a prediction event on the predictions topic, a rejected
 * one a quarantine event, keyed and shaped as {@link PredictionEvent} says. Rows out = records in.
 */
final class RealtimeScoring implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /** The Kafka source's columns it reads, in this order ({@link #INPUT_COLUMNS}). */
  static final String[] INPUT_COLUMNS = {"value", "topic", "partition", "offset", "timestamp"};

  /** What the Kafka sink reads: the topic of each row, its key and its value. */
  static final StructType OUTPUT = new StructType()
      .add("topic", DataTypes.StringType, false)
      .add("key", DataTypes.BinaryType, true)
      .add("value", DataTypes.BinaryType, false);

  private final SerializableConfiguration hadoop;
  private final URI fileSystem;
  private final String base;
  private final Duration refresh;
  private final String predictionsTopic;
  private final String quarantineTopic;

  RealtimeScoring(SerializableConfiguration hadoop, URI fileSystem, String base, Duration refresh,
      String predictionsTopic, String quarantineTopic) {
    this.hadoop = hadoop;
    this.fileSystem = fileSystem;
    this.base = base;
    this.refresh = refresh;
    this.predictionsTopic = predictionsTopic;
    this.quarantineTopic = quarantineTopic;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> records) {
    LiveModels models = LiveModels.acquire(hadoop.value(), fileSystem, base, refresh);
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) done -> models.release());
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Row next() {
        return event(records.next(), models.serving(), System.currentTimeMillis());
      }
    };
  }

  /** The output row of one Kafka record (columns as {@link #INPUT_COLUMNS}). */
  Row event(Row record, LiveModels.Serving serving, long nowMs) {
    byte[] bytes = record.isNullAt(0) ? null : (byte[]) record.get(0);
    PredictionEvent.Source source = new PredictionEvent.Source(record.getString(1), record.getInt(2),
        record.getLong(3), record.isNullAt(4) ? -1 : record.getTimestamp(4).getTime());
    LineEvents.LineEvent event = LineEvents.of(bytes, source, serving.scorers(), serving.features(), nowMs);
    return RowFactory.create(event.prediction() ? predictionsTopic : quarantineTopic, event.key(), event.value());
  }
}
