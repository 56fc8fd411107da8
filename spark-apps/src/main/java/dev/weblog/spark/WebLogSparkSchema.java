package dev.weblog.spark;

import dev.weblog.common.Column;
import dev.weblog.common.WebLogRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The Spark view of {@link Column}: record rows, the stored table in {@code data/} and its date partition. */
public final class WebLogSparkSchema {

  /** The partition column of {@code data/}: the calendar day of {@code timestamp}. */
  public static final String DATE = "date";

  private static final StructType RECORD = buildRecord();
  private static final StructType STORED = RECORD.add(DATE, DataTypes.DateType, false);

  private WebLogSparkSchema() {}

  /** The 11 columns in file order, typed from their {@link Column.Kind}. */
  public static StructType record() {
    return RECORD;
  }

  /** What {@code data/} holds: the record columns and the date partition column. */
  public static StructType stored() {
    return STORED;
  }

  /** Timestamps carry no zone in the logs, so they stay zone-free (TIMESTAMP_NTZ) and never shift. */
  public static DataType sparkType(Column.Kind kind) {
    return switch (kind) {
      case STRING -> DataTypes.StringType;
      case TIMESTAMP -> DataTypes.TimestampNTZType;
      case INT -> DataTypes.IntegerType;
      case FLOAT -> DataTypes.FloatType;
    };
  }

  /** The values of a record in {@link #record()} order (LocalDateTime is the external type of TIMESTAMP_NTZ). */
  public static Object[] values(WebLogRecord r) {
    Object[] values = new Object[Column.count()];
    fill(r, values);
    return values;
  }

  /** As {@link #values}, into the first {@link Column#count()} entries of {@code values}. */
  public static void fill(WebLogRecord r, Object[] values) {
    for (Column c : Column.values()) {
      values[c.ordinal()] = switch (c) {
        case DEVICE_ID -> r.deviceId();
        case TIMESTAMP -> r.timestamp();
        case PRODUCT_CATEGORY_ID -> r.productCategoryId();
        case IP -> r.ip();
        case LAT -> r.lat();
        case LON -> r.lon();
        case DEVICE_TYPE -> r.deviceType();
        case CONNECT_TYPE -> r.connectType();
        case AGE_GROUP -> r.ageGroup();
        case GENDER -> r.gender();
        case MEMBER_ID -> r.memberId();
      };
    }
  }

  public static Row toRow(WebLogRecord r) {
    return RowFactory.create(values(r));
  }

  /** The partition value of a row, computed by Spark from the zone-free timestamp. */
  public static org.apache.spark.sql.Column dateOfTimestamp() {
    return functions.to_date(functions.col(Column.TIMESTAMP.columnName()));
  }

  /** All record columns, in file order, for select() and hashing. */
  public static org.apache.spark.sql.Column[] recordColumns() {
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[Column.count()];
    for (Column c : Column.values()) {
      cols[c.ordinal()] = functions.col(c.columnName());
    }
    return cols;
  }

  private static StructType buildRecord() {
    StructField[] fields = new StructField[Column.count()];
    for (Column c : Column.values()) {
      fields[c.ordinal()] = DataTypes.createStructField(c.columnName(), sparkType(c.kind()), c.nullable());
    }
    return DataTypes.createStructType(fields);
  }
}
