package dev.weblog.spark;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark rows straight into a Parquet file with parquet-java, for code that writes outside Spark's own writer (a
 * stream task, the driver's batch row). Some columns of a wider row are written, by name; each is stored with the
 * Parquet type Spark itself writes for it, so {@code spark.read().parquet} gives back the same Spark types.
 */
public final class ParquetRows extends WriteSupport<Row> {

  private final MessageType schema;
  private final int[] source;
  private final Kind[] kinds;
  private final Object[] constant;
  private RecordConsumer out;

  /** Writes {@code columns} of rows shaped as {@code rowSchema}, in that order. */
  public ParquetRows(StructType rowSchema, List<String> columns) {
    this(rowSchema, columns, new StructType(), new Object[0]);
  }

  /**
   * As {@link #ParquetRows(StructType, List)}, but a column named in {@code constants} is not read from the row: it
   * has {@code values[i]} in every row, e.g. a time fixed per batch that must not be a literal in Spark's plan.
   */
  public ParquetRows(StructType rowSchema, List<String> columns, StructType constants, Object[] values) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    source = new int[columns.size()];
    kinds = new Kind[columns.size()];
    constant = new Object[columns.size()];
    List<String> constantNames = List.of(constants.fieldNames());
    for (int i = 0; i < source.length; i++) {
      int c = constantNames.indexOf(columns.get(i));
      StructField field;
      if (c >= 0) {
        source[i] = -1;
        constant[i] = values[c];
        field = constants.fields()[c];
      } else {
        source[i] = rowSchema.fieldIndex(columns.get(i));
        field = rowSchema.fields()[source[i]];
      }
      kinds[i] = Kind.of(field.dataType(), columns.get(i));
      parquetType(message, field, kinds[i]);
    }
    schema = message.named("spark_schema");
  }

  /** A new Snappy-compressed file (as Spark writes by default) at {@code file}, replacing any there. */
  public ParquetWriter<Row> open(Path file, Configuration conf) throws IOException {
    return open(file, conf, Set.of());
  }

  /**
   * As {@link #open(Path, Configuration)}, with no dictionary for the columns named in {@code distinct}: for
   * values nearly all different, a dictionary is only built, hashed into and thrown away. A distinct text column
   * gets no min/max statistics either: they cost two comparisons of the whole text per value and prune nothing.
   */
  public ParquetWriter<Row> open(Path file, Configuration conf, Set<String> distinct) throws IOException {
    Builder builder = new Builder(HadoopOutputFile.fromPath(file, conf), this).withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withCompressionCodec(CompressionCodecName.SNAPPY);
    for (String column : distinct) {
      if (schema.containsField(column)) {
        builder = builder.withDictionaryEncoding(column, false);
        Kind kind = kinds[schema.getFieldIndex(column)];
        if (kind == Kind.STRING || kind == Kind.BINARY) {
          builder = builder.withStatisticsEnabled(column, false);
        }
      }
    }
    return builder.build();
  }

  // parquet-java 1.16 deprecates this Hadoop form but still declares it abstract, so it must be implemented.
  @SuppressWarnings("deprecation")
  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(Row row) {
    out.startMessage();
    for (int i = 0; i < source.length; i++) {
      Object v = source[i] < 0 ? constant[i] : row.isNullAt(source[i]) ? null : row.get(source[i]);
      if (v != null) {
        String name = schema.getFieldName(i);
        out.startField(name, i);
        value(kinds[i], v);
        out.endField(name, i);
      }
    }
    out.endMessage();
  }

  private void value(Kind kind, Object v) {
    switch (kind) {
      // Bytes given for a string column are its UTF-8 already (a line the codec accepted).
      case STRING -> out.addBinary(v instanceof byte[] utf8 ? Binary.fromConstantByteArray(utf8)
          : Binary.fromString((String) v));
      case BINARY -> out.addBinary(Binary.fromConstantByteArray((byte[]) v));
      case INT -> out.addInteger((Integer) v);
      case LONG -> out.addLong((Long) v);
      case FLOAT -> out.addFloat((Float) v);
      case DOUBLE -> out.addDouble((Double) v);
      case BOOLEAN -> out.addBoolean((Boolean) v);
      case DATE ->
          out.addInteger((int) (v instanceof LocalDate d ? d : ((java.sql.Date) v).toLocalDate()).toEpochDay());
      // Timestamp or Instant, as the session's java8API setting has it, or microseconds as Spark holds it inside.
      case TIMESTAMP -> out.addLong(v instanceof Long micros ? micros
          : micros(v instanceof Timestamp t ? t.toInstant() : (Instant) v));
      case TIMESTAMP_NTZ -> out.addLong(micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC)));
      case MAP_STRING_DOUBLE -> map((Map<?, ?>) v);
    }
  }

  /** A map as Spark writes one: a group of repeated key-value groups, keys required, values optional. */
  private void map(Map<?, ?> entries) {
    out.startGroup();
    if (!entries.isEmpty()) {
      out.startField(KEY_VALUE, 0);
      for (Map.Entry<?, ?> e : entries.entrySet()) {
        out.startGroup();
        out.startField(KEY, 0);
        out.addBinary(Binary.fromString((String) e.getKey()));
        out.endField(KEY, 0);
        if (e.getValue() != null) {
          out.startField(VALUE, 1);
          out.addDouble((Double) e.getValue());
          out.endField(VALUE, 1);
        }
        out.endGroup();
      }
      out.endField(KEY_VALUE, 0);
    }
    out.endGroup();
  }

  private static final String KEY_VALUE = "key_value";
  private static final String KEY = "key";
  private static final String VALUE = "value";

  /** The Spark types this class writes, resolved once per column rather than compared for every value. */
  private enum Kind {
    STRING, BINARY, INT, LONG, FLOAT, DOUBLE, BOOLEAN, DATE, TIMESTAMP, TIMESTAMP_NTZ, MAP_STRING_DOUBLE;

    static Kind of(DataType type, String column) {
      if (type.equals(DataTypes.StringType)) {
        return STRING;
      } else if (type.equals(DataTypes.BinaryType)) {
        return BINARY;
      } else if (type.equals(DataTypes.IntegerType)) {
        return INT;
      } else if (type.equals(DataTypes.LongType)) {
        return LONG;
      } else if (type.equals(DataTypes.FloatType)) {
        return FLOAT;
      } else if (type.equals(DataTypes.DoubleType)) {
        return DOUBLE;
      } else if (type.equals(DataTypes.BooleanType)) {
        return BOOLEAN;
      } else if (type.equals(DataTypes.DateType)) {
        return DATE;
      } else if (type.equals(DataTypes.TimestampType)) {
        return TIMESTAMP;
      } else if (type.equals(DataTypes.TimestampNTZType)) {
        return TIMESTAMP_NTZ;
      } else if (type instanceof MapType m && m.keyType().equals(DataTypes.StringType)
          && m.valueType().equals(DataTypes.DoubleType)) {
        return MAP_STRING_DOUBLE;
      }
      throw new IllegalArgumentException("column " + column + ": no Parquet writer for Spark type " + type);
    }
  }

  private static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }

  /** The Parquet type Spark's own writer uses for the field (INT96 aside: Spark writes timestamps as micros). */
  private static void parquetType(Types.MessageTypeBuilder message, StructField field, Kind kind) {
    Repetition repetition = field.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
    String name = field.name();
    switch (kind) {
      case STRING -> message.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType())
          .named(name);
      case BINARY -> message.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
      case INT -> message.primitive(PrimitiveTypeName.INT32, repetition).named(name);
      case LONG -> message.primitive(PrimitiveTypeName.INT64, repetition).named(name);
      case FLOAT -> message.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
      case DOUBLE -> message.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
      case BOOLEAN -> message.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
      case DATE -> message.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.dateType())
          .named(name);
      case TIMESTAMP -> message.primitive(PrimitiveTypeName.INT64, repetition)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
      case TIMESTAMP_NTZ -> message.primitive(PrimitiveTypeName.INT64, repetition)
          .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
      case MAP_STRING_DOUBLE -> message.group(repetition).as(LogicalTypeAnnotation.mapType())
          .repeatedGroup()
          .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(KEY)
          .optional(PrimitiveTypeName.DOUBLE).named(VALUE)
          .named(KEY_VALUE).named(name);
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final ParquetRows support;

    private Builder(org.apache.parquet.io.OutputFile file, ParquetRows support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    // Deprecated but still abstract in parquet-java 1.16, as init(Configuration) above.
    @SuppressWarnings("deprecation")
    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return support;
    }
  }
}
