package dev.weblog.spark;

import dev.weblog.common.ParseResult;
import dev.weblog.common.Rejection;
import dev.weblog.common.WebLogCsvCodec;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes a Kafka record ({@link #INPUT} columns) with the common codec into the values of one row of
 * {@link #SCHEMA}: the record's columns and {@code valid} when the line passes, the line, its bytes and the
 * rejection otherwise; always the Kafka coordinates. Every record gives a row, so rows out = records in. The
 * {@code line} of a valid record is its UTF-8 bytes rather than a String, for {@link ParquetRows}, which writes
 * them as they are.
 */
final class StreamDecoder {

  /** What the decoder reads from the Kafka source, in this order. */
  static final String[] INPUT = {"value", "partition", "offset", "timestamp"};

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
  static Object[] decode(Row record, int width) {
    byte[] bytes = record.isNullAt(0) ? null : (byte[]) record.get(0);
    Object[] values = new Object[width];
    ParseResult result = WebLogCsvCodec.decode(bytes);
    if (result instanceof ParseResult.Valid valid) {
      System.arraycopy(WebLogSparkSchema.values(valid.record()), 0, values, 0, RECORD_COLUMNS);
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
    values[PARTITION] = record.get(1);
    values[OFFSET] = record.get(2);
    // Passed through unchanged: its Java type (Timestamp or Instant) follows the session's datetime setting.
    values[TIMESTAMP] = record.get(3);
    return values;
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
