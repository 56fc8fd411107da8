package dev.weblog.common;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The 11 columns of the original web-log CSV, in file order: the one definition of the schema. */
public enum Column {
  DEVICE_ID("device_id", Kind.STRING, false),
  TIMESTAMP("timestamp", Kind.TIMESTAMP, false),
  PRODUCT_CATEGORY_ID("product_category_id", Kind.INT, false),
  IP("ip", Kind.STRING, false),
  LAT("lat", Kind.FLOAT, false),
  LON("lon", Kind.FLOAT, false),
  DEVICE_TYPE("device_type", Kind.INT, false),
  CONNECT_TYPE("connect_type", Kind.INT, false),
  AGE_GROUP("age_group", Kind.STRING, true),
  GENDER("gender", Kind.STRING, true),
  MEMBER_ID("member_id", Kind.STRING, true);

  /** Value kinds, mapped to engine types (Spark, Parquet) where those are needed. */
  public enum Kind {
    STRING, TIMESTAMP, INT, FLOAT
  }

  /** The header line of the original data set. */
  public static final String HEADER =
      Arrays.stream(values()).map(Column::columnName).collect(Collectors.joining(","));

  /** The features the original models used, and our default. */
  public static final List<Column> DEFAULT_FEATURES = List.of(PRODUCT_CATEGORY_ID, DEVICE_TYPE, CONNECT_TYPE);

  private final String columnName;
  private final Kind kind;
  private final boolean nullable;

  Column(String columnName, Kind kind, boolean nullable) {
    this.columnName = columnName;
    this.kind = kind;
    this.nullable = nullable;
  }

  public String columnName() {
    return columnName;
  }

  public Kind kind() {
    return kind;
  }

  /** Empty in the CSV means unknown (labels of unlabeled traffic, member id of visitors). */
  public boolean nullable() {
    return nullable;
  }

  public static int count() {
    return values().length;
  }

  public static Column byName(String name) {
    for (Column c : values()) {
      if (c.columnName.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown column '" + name + "'; columns are " + HEADER);
  }
}
