package dev.weblog.common;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the models predict: a label column. The values a label takes are data, not code: a model's classes are
 * the labels its training rows hold, and any short printable text is a valid label (see {@link WebLogCsvCodec}).
 */
public enum Target {
  AGE_GROUP(Column.AGE_GROUP),
  GENDER(Column.GENDER);

  private final Column column;

  Target(Column column) {
    this.column = column;
  }

  public Column column() {
    return column;
  }

  /** The name used on command lines, in HDFS paths and in reports: the column name. */
  public String id() {
    return column.columnName();
  }

  public static Target fromId(String id) {
    for (Target t : values()) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown target '" + id + "'; targets are "
        + Arrays.stream(values()).map(Target::id).collect(Collectors.joining(", ")));
  }
}
