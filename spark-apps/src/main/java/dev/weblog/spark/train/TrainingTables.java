package dev.weblog.spark.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The training rows in the three shapes a run needs: all of them (for the label classes, and the fit of a forced
 * candidate), the part candidates are fitted on, and the part they are scored on (always aggregated: a prediction
 * depends on the features only, so a (features, label) row weighted by its count scores like the rows it stands
 * for).
 *
 * @param all every training row (aggregated, or raw for {@code --training-rows raw}); null once prepared for a
 *     search
 * @param fit the rows candidates are fitted on (all but the validation rows); null without a search
 * @param validation the aggregated validation rows; null without a search
 * @param cached what {@link #release} unpersists
 */
record TrainingTables(Dataset<Row> all, Dataset<Row> fit, Dataset<Row> validation, List<Dataset<Row>> cached) {

  /**
   * {@code train} holds the model columns and a validation flag. Aggregated, one pass counts (features, label,
   * flag) into a small cached table that every shape is read from.
   */
  static TrainingTables of(Dataset<Row> train, Column[] modelColumns, String validationFlag, boolean weighted,
      boolean search) {
    Column isValidation = functions.col(validationFlag);
    if (!search) {
      Dataset<Row> all = weighted ? aggregate(train, modelColumns).persist() : train;
      return new TrainingTables(all, null, null, List.of(all));
    }
    if (!weighted) {
      Dataset<Row> validation = aggregate(train.where(isValidation), modelColumns).persist();
      return new TrainingTables(train, train.where(functions.not(isValidation)), validation, List.of(validation));
    }
    List<Column> byFlag = new ArrayList<>(Arrays.asList(modelColumns));
    byFlag.add(isValidation);
    Dataset<Row> counts = aggregate(train, byFlag.toArray(Column[]::new)).persist();
    Dataset<Row> all = counts.groupBy(modelColumns)
        .agg(functions.sum(ModelPipeline.WEIGHT).as(ModelPipeline.WEIGHT)).coalesce(1).persist();
    return new TrainingTables(all, counts.where(functions.not(isValidation)), counts.where(isValidation),
        List.of(counts, all));
  }

  /**
   * One row per distinct value of {@code columns} with its count as weight (the sum of the rows' own weights when
   * they carry one, as recent lines do), in one partition: a tree fits a table this small fastest when it is not
   * spread over the shuffle partitions (one job per level over all).
   */
  static Dataset<Row> aggregate(Dataset<Row> rows, Column[] columns) {
    Column weight = Arrays.asList(rows.columns()).contains(ModelPipeline.WEIGHT)
        ? functions.sum(ModelPipeline.WEIGHT) : functions.count(functions.lit(1));
    return rows.groupBy(columns)
        .agg(weight.cast("double").as(ModelPipeline.WEIGHT))
        .coalesce(1);
  }

  /**
   * The same tables through {@code prepare} (the shared feature stages), cached where they are small: the
   * validation rows always, the others when aggregated. With a search only the fit and validation rows are
   * prepared ({@code all} is then null): the winner is kept as fitted, nothing is fitted on all of them.
   */
  TrainingTables map(UnaryOperator<Dataset<Row>> prepare, boolean aggregated) {
    List<Dataset<Row>> cache = new ArrayList<>(cached);
    Dataset<Row> preparedAll = fit != null ? null : cached(prepare.apply(all), aggregated, cache);
    Dataset<Row> preparedFit = fit == null ? null : cached(prepare.apply(fit), aggregated, cache);
    Dataset<Row> preparedValidation = validation == null ? null : cached(prepare.apply(validation), true, cache);
    return new TrainingTables(preparedAll, preparedFit, preparedValidation, List.copyOf(cache));
  }

  private static Dataset<Row> cached(Dataset<Row> rows, boolean cache, List<Dataset<Row>> cachedSoFar) {
    if (!cache) {
      return rows;
    }
    cachedSoFar.add(rows.persist());
    return rows;
  }

  void release() {
    cached.forEach(d -> d.unpersist(false));
  }
}
