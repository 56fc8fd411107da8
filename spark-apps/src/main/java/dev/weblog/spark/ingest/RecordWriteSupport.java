package dev.weblog.spark.ingest;

import dev.weblog.common.Column;
import dev.weblog.common.WebLogRecord;
import dev.weblog.spark.WebLogSparkSchema;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Decoded records straight into parquet-java, with no Spark row in between. The footer carries the Spark schema
 * under the key Spark's own writer uses, so Spark reads these files exactly as if it had written them.
 */
final class RecordWriteSupport extends WriteSupport<WebLogRecord> {

  /** The footer key under which Spark stores (and looks for) a file's Spark schema. */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  static final MessageType SCHEMA = schema();

  private RecordConsumer out;

  // parquet-java 1.16 deprecates this Hadoop form but still declares it abstract, so it must be implemented.
  @SuppressWarnings("deprecation")
  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(SCHEMA, Map.of(SPARK_SCHEMA_KEY, WebLogSparkSchema.record().json()));
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(WebLogRecord r) {
    out.startMessage();
    string(Column.DEVICE_ID, r.deviceId());
    int64(Column.TIMESTAMP, micros(r.timestamp()));
    int32(Column.PRODUCT_CATEGORY_ID, r.productCategoryId());
    string(Column.IP, r.ip());
    float32(Column.LAT, r.lat());
    float32(Column.LON, r.lon());
    int32(Column.DEVICE_TYPE, r.deviceType());
    int32(Column.CONNECT_TYPE, r.connectType());
    string(Column.AGE_GROUP, r.ageGroup());
    string(Column.GENDER, r.gender());
    string(Column.MEMBER_ID, r.memberId());
    out.endMessage();
  }

  static Builder builder(OutputFile file) {
    return new Builder(file);
  }

  /** TIMESTAMP_NTZ as Spark stores it: microseconds of the wall-clock time read as if it were UTC. */
  private static long micros(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1_000;
  }

  private void string(Column c, String value) {
    if (value != null) {
      out.startField(c.columnName(), c.ordinal());
      out.addBinary(Binary.fromString(value));
      out.endField(c.columnName(), c.ordinal());
    }
  }

  private void int32(Column c, int value) {
    out.startField(c.columnName(), c.ordinal());
    out.addInteger(value);
    out.endField(c.columnName(), c.ordinal());
  }

  private void int64(Column c, long value) {
    out.startField(c.columnName(), c.ordinal());
    out.addLong(value);
    out.endField(c.columnName(), c.ordinal());
  }

  private void float32(Column c, float value) {
    out.startField(c.columnName(), c.ordinal());
    out.addFloat(value);
    out.endField(c.columnName(), c.ordinal());
  }

  /** The record columns in file order, typed as Spark types them ({@link WebLogSparkSchema#sparkType}). */
  private static MessageType schema() {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (Column c : Column.values()) {
      Type.Repetition repetition = c.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
      switch (c.kind()) {
        case STRING -> message.primitive(PrimitiveTypeName.BINARY, repetition)
            .as(LogicalTypeAnnotation.stringType()).named(c.columnName());
        case TIMESTAMP -> message.primitive(PrimitiveTypeName.INT64, repetition)
            .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS))
            .named(c.columnName());
        case INT -> message.primitive(PrimitiveTypeName.INT32, repetition).named(c.columnName());
        case FLOAT -> message.primitive(PrimitiveTypeName.FLOAT, repetition).named(c.columnName());
      }
    }
    return message.named("spark_schema");
  }

  /** parquet-java's writer builder for this write support. */
  static final class Builder extends ParquetWriter.Builder<WebLogRecord, Builder> {
    private Builder(OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    // Deprecated but still abstract in parquet-java 1.16, as init(Configuration) above.
    @SuppressWarnings("deprecation")
    @Override
    protected WriteSupport<WebLogRecord> getWriteSupport(Configuration conf) {
      return new RecordWriteSupport();
    }
  }
}
