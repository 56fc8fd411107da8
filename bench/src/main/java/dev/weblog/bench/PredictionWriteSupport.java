package dev.weblog.bench;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import dev.weblog.spark.StreamColumns;
import java.time.ZoneOffset;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The plain-Java stream's predictions, with the columns of StreamJob's {@code stream/predictions/} in the same
 * order ({@link StreamColumns#predictions()}), so both variants write rows of the same width. One instance per file.
 */
final class PredictionWriteSupport extends FlatWriteSupport<PredictionWriteSupport.Prediction> {

  /**
   * One scored line.
   *
   * @param predicted the predicted label per target, in {@link Target} order
   * @param versions the model version per target, in {@link Target} order
   */
  record Prediction(WebLogRecord record, String[] predicted, int[] versions, int partition, long offset,
      long kafkaMillis, long processedAtMillis) {}

  /** The columns of {@link StreamColumns#predictions()}, in that order. */
  static final org.apache.parquet.schema.MessageType SCHEMA = buildSchema();

  private static final int TARGETS = Target.values().length;
  private static final int FEATURES = Column.DEFAULT_FEATURES.size();
  private static final int PREDICTED = 2 + FEATURES;
  private static final int VERSIONS = PREDICTED + TARGETS;
  private static final int OBSERVED = VERSIONS + TARGETS;
  private static final int PARTITION = OBSERVED + TARGETS;

  PredictionWriteSupport() {
    super(SCHEMA);
  }

  @Override
  void fields(Prediction p) {
    WebLogRecord r = p.record();
    string(0, r.deviceId());
    int64(1, r.timestamp().toEpochSecond(ZoneOffset.UTC) * 1_000_000L + r.timestamp().getNano() / 1_000);
    for (int i = 0; i < FEATURES; i++) {
      int32(2 + i, intFeature(r, Column.DEFAULT_FEATURES.get(i)));
    }
    for (Target t : Target.values()) {
      string(PREDICTED + t.ordinal(), p.predicted()[t.ordinal()]);
      int32(VERSIONS + t.ordinal(), p.versions()[t.ordinal()]);
      string(OBSERVED + t.ordinal(), r.label(t));
    }
    int32(PARTITION, p.partition());
    int64(PARTITION + 1, p.offset());
    int64(PARTITION + 2, p.kafkaMillis() * 1_000);
    int64(PARTITION + 3, p.processedAtMillis() * 1_000);
  }

  private static int intFeature(WebLogRecord r, Column c) {
    return switch (c) {
      case PRODUCT_CATEGORY_ID -> r.productCategoryId();
      case DEVICE_TYPE -> r.deviceType();
      case CONNECT_TYPE -> r.connectType();
      default -> throw new IllegalStateException("default feature " + c.columnName() + " is not an int column");
    };
  }

  /** Record time zone-free as Spark stores the record's TIMESTAMP_NTZ; Kafka and processing times as instants. */
  private static org.apache.parquet.schema.MessageType buildSchema() {
    Types.MessageTypeBuilder m = Types.buildMessage();
    m.primitive(PrimitiveTypeName.BINARY, Repetition.REQUIRED).as(LogicalTypeAnnotation.stringType())
        .named(Column.DEVICE_ID.columnName());
    m.primitive(PrimitiveTypeName.INT64, Repetition.REQUIRED)
        .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS)).named(Column.TIMESTAMP.columnName());
    for (Column feature : Column.DEFAULT_FEATURES) {
      m.primitive(PrimitiveTypeName.INT32, Repetition.REQUIRED).named(feature.columnName());
    }
    for (Target t : Target.values()) {
      m.primitive(PrimitiveTypeName.BINARY, Repetition.REQUIRED).as(LogicalTypeAnnotation.stringType())
          .named(StreamColumns.predicted(t));
    }
    for (Target t : Target.values()) {
      m.primitive(PrimitiveTypeName.INT32, Repetition.REQUIRED).named(StreamColumns.modelVersion(t));
    }
    for (Target t : Target.values()) {
      m.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL).as(LogicalTypeAnnotation.stringType())
          .named(StreamColumns.observed(t));
    }
    m.primitive(PrimitiveTypeName.INT32, Repetition.REQUIRED).named(StreamColumns.KAFKA_PARTITION);
    m.primitive(PrimitiveTypeName.INT64, Repetition.REQUIRED).named(StreamColumns.KAFKA_OFFSET);
    m.primitive(PrimitiveTypeName.INT64, Repetition.REQUIRED)
        .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(StreamColumns.KAFKA_TIMESTAMP);
    m.primitive(PrimitiveTypeName.INT64, Repetition.REQUIRED)
        .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(StreamColumns.PROCESSED_AT);
    return m.named("prediction");
  }
}
