package dev.weblog.spark.stream;

import dev.weblog.common.ParseResult;
import dev.weblog.common.Rejection;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.spark.ParquetRows;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.WebLogSparkSchema;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes a Kafka record (a row of Spark's Kafka source, as Spark holds it internally) with the common codec into
 * the values of one row of {@link #SCHEMA}: the record's columns and {@code valid} when the line passes, the line,
 * its bytes and the rejection otherwise; always the Kafka coordinates. Every record gives a row, so rows out =
 * records in. The {@code line} of a valid record is its UTF-8 bytes rather than a String, and the Kafka timestamp
 * Spark's microseconds, for {@link ParquetRows}, which writes both as they are.
 */
final class StreamDecoder {

  /** Where the decoder's inputs are in the Kafka source's rows, found by name once per query. */
  record KafkaColumns(int value, int partition, int offset, int timestamp) implements Serializable {
    static KafkaColumns of(StructType kafka) {
      return new KafkaColumns(kafka.fieldIndex("value"), kafka.fieldIndex("partition"), kafka.fieldIndex("offset"),
          kafka.fieldIndex("timestamp"));
    }
  }

  static final String VALID = "valid";

  /** The record columns (all nullable, rejected lines have none), then the line, rejection and coordinates. */
  static final StructType SCHEMA = buildSchema();

  private static final int RECORD_COLUMNS = WebLogSparkSchema.record().size();
  private static final int LINE = RECORD_COLUMNS;
  private static final int LINE_BYTES = RECORD_COLUMNS + 1;
  private static final int KIND = RECORD_COLUMNS + 2;
  private static final int FIELD = RECORD_COLUMNS + 3;
  private static final int REASON = RECORD_COLUMNS + 4;
  private static final int PARTITION = RECORD_COLUMNS + 5;
  private static final int OFFSET = RECORD_COLUMNS + 6;
  private static final int TIMESTAMP = RECORD_COLUMNS + 7;
  private static final int VALID_INDEX = RECORD_COLUMNS + 8;

  private StreamDecoder() {}

  /**
   * The row of one Kafka record, in an array of {@code width} ({@link #SCHEMA}'s size or more: the caller's own
   * columns follow); the record's values, when valid, are its first {@link WebLogSparkSchema#record()} entries.
   */
  static Object[] decode(InternalRow record, KafkaColumns at, int width) {
    return decode(record.isNullAt(at.value()) ? null : record.getBinary(at.value()), record.getInt(at.partition()),
        record.getLong(at.offset()), record.isNullAt(at.timestamp()) ? null : record.getLong(at.timestamp()), width);
  }

  /** As {@link #decode(InternalRow, KafkaColumns, int)}, for a record a task fetched with its own consumer. */
  static Object[] decode(ConsumerRecord<byte[], byte[]> record, int width) {
    return decode(record.value(), record.partition(), record.offset(),
        record.timestamp() == RecordBatch.NO_TIMESTAMP ? null : record.timestamp() * 1_000, width);
  }

  private static Object[] decode(byte[] bytes, int partition, long offset, Long timestampMicros, int width) {
    Object[] values = new Object[width];
    ParseResult result = WebLogCsvCodec.decode(bytes);
    if (result instanceof ParseResult.Valid valid) {
      WebLogSparkSchema.fill(valid.record(), values);
      // The codec accepted it as strict UTF-8, so the bytes are the line's encoding: no decoding it again.
      values[LINE] = bytes;
      values[VALID_INDEX] = true;
    } else {
      Rejection rejection = ((ParseResult.Rejected) result).rejection();
      values[LINE] = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
      values[LINE_BYTES] = bytes;
      values[KIND] = rejection.kind().name();
      values[FIELD] = rejection.field();
      values[REASON] = rejection.reason();
      values[VALID_INDEX] = false;
    }
    values[PARTITION] = partition;
    values[OFFSET] = offset;
    values[TIMESTAMP] = timestampMicros;
    return values;
  }

  /** The rejection's kind of a line {@link #decode} refused, as {@code Rejection.Kind}'s name. */
  static String kind(Object[] values) {
    return (String) values[KIND];
  }

  /** The record's Kafka timestamp in Spark's microseconds, null when the record had none. */
  static Long timestampMicros(Object[] values) {
    return (Long) values[TIMESTAMP];
  }

  /** Whether {@link #decode} found the line valid. */
  static boolean valid(Object[] values) {
    return (Boolean) values[VALID_INDEX];
  }

  private static StructType buildSchema() {
    StructType schema = new StructType();
    for (StructField f : WebLogSparkSchema.record().fields()) {
      schema = schema.add(f.name(), f.dataType(), true);
    }
    return schema
        .add(StreamColumns.LINE, DataTypes.StringType, true)
        .add(StreamColumns.LINE_BYTES, DataTypes.BinaryType, true)
        .add(StreamColumns.KIND, DataTypes.StringType, true)
        .add(StreamColumns.FIELD, DataTypes.StringType, true)
        .add(StreamColumns.REASON, DataTypes.StringType, true)
        .add(StreamColumns.KAFKA_PARTITION, DataTypes.IntegerType, false)
        .add(StreamColumns.KAFKA_OFFSET, DataTypes.LongType, false)
        .add(StreamColumns.KAFKA_TIMESTAMP, DataTypes.TimestampType, true)
        .add(VALID, DataTypes.BooleanType, false);
  }
}
