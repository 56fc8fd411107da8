package dev.weblog.spark.train;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.common.monitor.ProfileBuilder;
import dev.weblog.common.monitor.QuantileBins;
import dev.weblog.common.monitor.TrainingProfile;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@link TrainingProfile} of the rows a model was fitted on, saved beside its version as {@code profile.json}.
 * Nothing reads it yet: the stream will compare its batches with it to tell drift. One pass counts every row into a
 * {@link ProfileBuilder} per partition and merges them; numeric features first need their bin edges, one
 * {@code approxQuantile} pass over those columns only. Nothing is collected but the builders.
 */
final class TrainingProfiler {

  /** How far an edge may be from the true quantile, as a share of the rows: edges only shape bins, counts are exact. */
  static final double QUANTILE_ERROR = 0.001;

  private TrainingProfiler() {}

  /**
   * @param rows the training rows, holding the features and the target's label, and {@link ModelPipeline#WEIGHT}
   *     when {@code weighted}
   * @param weighted whether each row stands for its weight's rows (aggregated training); its numeric edges are
   *     then quantiles of the distinct rows, which counting by weight still bins exactly
   */
  static TrainingProfile profile(Dataset<Row> rows, Target target, List<Column> features, boolean weighted) {
    Map<Column, double[]> edges = edges(rows, features);
    int[] featureIndex = features.stream().mapToInt(c -> rows.schema().fieldIndex(c.columnName())).toArray();
    int labelIndex = rows.schema().fieldIndex(target.id());
    int weightIndex = weighted ? rows.schema().fieldIndex(ModelPipeline.WEIGHT) : -1;
    List<Column> columns = List.copyOf(features);
    return rows.toJavaRDD()
        .mapPartitions(part -> List.of(count(new ProfileBuilder(target, columns, edges), part, columns,
            featureIndex, labelIndex, weightIndex)).iterator())
        .reduce(ProfileBuilder::merge)
        .build();
  }

  private static Map<Column, double[]> edges(Dataset<Row> rows, List<Column> features) {
    List<Column> numeric = features.stream().filter(c -> c.kind() == Column.Kind.FLOAT).toList();
    Map<Column, double[]> edges = new EnumMap<>(Column.class);
    if (numeric.isEmpty()) {
      return edges;
    }
    double[][] quantiles = rows.stat().approxQuantile(numeric.stream().map(Column::columnName).toArray(String[]::new),
        QuantileBins.probabilities(QuantileBins.DEFAULT_BINS), QUANTILE_ERROR);
    for (int k = 0; k < numeric.size(); k++) {
      edges.put(numeric.get(k), QuantileBins.edges(quantiles[k]));
    }
    return edges;
  }

  /**
   * Adds {@code rows} to {@code builder}: each feature as the text of its value ({@code String.valueOf}, as the
   * stream will pass its own), the label, and the weight rounded to whole rows, at least one ({@code weightIndex}
   * -1: one each).
   */
  static ProfileBuilder count(ProfileBuilder builder, Iterator<Row> rows, List<Column> features, int[] featureIndex,
      int labelIndex, int weightIndex) {
    Map<Column, String> values = new EnumMap<>(Column.class);
    while (rows.hasNext()) {
      Row row = rows.next();
      for (int k = 0; k < featureIndex.length; k++) {
        values.put(features.get(k), String.valueOf(row.get(featureIndex[k])));
      }
      String label = row.isNullAt(labelIndex) ? null : String.valueOf(row.get(labelIndex));
      // At least one: a row weighted below a half (recent lines given a small share) was still seen.
      builder.add(values, label, weightIndex < 0 ? 1 : Math.max(1, Math.round(row.getDouble(weightIndex))));
    }
    return builder;
  }
}
