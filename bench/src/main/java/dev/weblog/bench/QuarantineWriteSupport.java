package dev.weblog.bench;

import dev.weblog.common.Rejection;
import dev.weblog.spark.StreamColumns;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The plain-Java stream's rejected lines, with the columns of StreamJob's {@code quarantine/stream/} in the same
 * order ({@link StreamColumns#quarantine()}): the line, its exact bytes, the codec's rejection, the Kafka
 * coordinates. One instance per file.
 */
final class QuarantineWriteSupport extends FlatWriteSupport<QuarantineWriteSupport.Rejected> {

  /** A line the codec refused; {@code bytes} may be null (a record without a value). */
  record Rejected(byte[] bytes, Rejection rejection, int partition, long offset, long kafkaMillis) {}

  static final MessageType SCHEMA = buildSchema();

  QuarantineWriteSupport() {
    super(SCHEMA);
  }

  @Override
  void fields(Rejected r) {
    string(0, r.bytes() == null ? null : new String(r.bytes(), StandardCharsets.UTF_8));
    binary(1, r.bytes());
    string(2, r.rejection().kind().name());
    string(3, r.rejection().field());
    string(4, r.rejection().reason());
    int32(5, r.partition());
    int64(6, r.offset());
    int64(7, r.kafkaMillis() * 1_000);
  }

  private static MessageType buildSchema() {
    Types.MessageTypeBuilder m = Types.buildMessage();
    m.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL).as(LogicalTypeAnnotation.stringType())
        .named(StreamColumns.LINE);
    m.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL).named(StreamColumns.LINE_BYTES);
    for (String name : new String[] {StreamColumns.KIND, StreamColumns.FIELD, StreamColumns.REASON}) {
      m.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL).as(LogicalTypeAnnotation.stringType()).named(name);
    }
    m.primitive(PrimitiveTypeName.INT32, Repetition.REQUIRED).named(StreamColumns.KAFKA_PARTITION);
    m.primitive(PrimitiveTypeName.INT64, Repetition.REQUIRED).named(StreamColumns.KAFKA_OFFSET);
    m.primitive(PrimitiveTypeName.INT64, Repetition.REQUIRED)
        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
        .named(StreamColumns.KAFKA_TIMESTAMP);
    return m.named("quarantined_line");
  }
}
