package dev.weblog.common.monitor;

import dev.weblog.common.Column;
import dev.weblog.common.LabelOrder;
import dev.weblog.common.Target;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one model version was trained on, as drift monitoring compares live batches with: the distribution of each
 * of its features ({@link FeatureReference}), the training rows and, for its target, the rows per class label.
 * Saved beside the model version as JSON ({@link ProfileJson}); built with a {@link ProfileBuilder}.
 *
 * @param rows the training rows (weights, when rows were aggregated)
 * @param classes training rows per label, in {@link LabelOrder}; rows without a label are in {@code rows} only
 * @param features one reference per feature column, in the model's feature order
 */
public record TrainingProfile(Target target, long rows, Map<String, Long> classes, List<FeatureReference> features)
    implements Serializable {

  public TrainingProfile {
    Objects.requireNonNull(target, "target");
    if (rows < 1) {
      throw new IllegalArgumentException("a training profile needs rows, got " + rows);
    }
    Map<String, Long> ordered = new LinkedHashMap<>();
    for (String label : LabelOrder.sorted(classes.keySet())) {
      ordered.put(label, classes.get(label));
    }
    classes = Collections.unmodifiableMap(ordered);
    features = List.copyOf(features);
    List<Column> columns = features.stream().map(FeatureReference::column).toList();
    if (columns.stream().distinct().count() != columns.size()) {
      throw new IllegalArgumentException("a feature is profiled twice: " + columns);
    }
  }

  /** The feature columns, in the model's order. */
  public List<Column> columns() {
    return features.stream().map(FeatureReference::column).toList();
  }

  /** The reference of one feature; a column the model does not read is a caller's error, named. */
  public FeatureReference feature(Column column) {
    return features.stream().filter(f -> f.column() == column).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(column.columnName() + " is not a feature of this "
            + target.id() + " model; its features are " + columns().stream().map(Column::columnName).toList()));
  }
}
