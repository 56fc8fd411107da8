package dev.weblog.common;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** What the models predict: a label column and its closed set of values. */
public enum Target {
  AGE_GROUP(Column.AGE_GROUP, List.of("under 18", "18-25", "26-35", "36-50", "over 50")),
  GENDER(Column.GENDER, List.of("0", "1"));

  private final Column column;
  private final List<String> labels;

  Target(Column column, List<String> labels) {
    this.column = column;
    this.labels = labels;
  }

  public Column column() {
    return column;
  }

  /** The name used on command lines, in HDFS paths and in reports: the column name. */
  public String id() {
    return column.columnName();
  }

  /** Every value the label may take, as written in the CSV. */
  public List<String> labels() {
    return labels;
  }

  public boolean isBinary() {
    return labels.size() == 2;
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
