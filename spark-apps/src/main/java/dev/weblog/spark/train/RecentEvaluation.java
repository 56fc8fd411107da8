package dev.weblog.spark.train;

import dev.weblog.common.Target;
import dev.weblog.spark.ModelOutput;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.model.ModelRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The candidate and the serving version scored on the same held-back recent lines, for the gate and the metrics.
 */
final class RecentEvaluation {

  private RecentEvaluation() {}

  /**
   * What {@code metrics.json} records of the recent lines; accuracies only where lines were held back, the
   * serving one only when a version serves and loads ({@code serving} is asked only then).
   */
  static ModelMetrics.Recent report(Target target, RecentSettings settings, RecentLines.Split split,
      RecentLines.Span span, Transformer candidate, Supplier<Optional<ModelRegistry.LoadedModel>> serving) {
    Double accuracy = null;
    Integer servingVersion = null;
    Double servingAccuracy = null;
    if (split.holdoutLines() > 0) {
      accuracy = accuracy(candidate, split.holdout(), target);
      Optional<ModelRegistry.LoadedModel> current = loaded(target, serving);
      if (current.isPresent()) {
        servingVersion = current.get().version();
        servingAccuracy = accuracy(current.get().model(), split.holdout(), target);
      }
    }
    return new ModelMetrics.Recent(settings.window(), settings.since().map(Object::toString).orElse(null),
        span.from().toString(), span.newest().toString(), settings.share(), split.trainingLines(),
        split.holdoutLines(), accuracy, servingVersion, servingAccuracy);
  }

  /**
   * The gate's view: both scores, when there are both. A retrain given where the recent lines start (when drift
   * began) answers drift, and must improve on them.
   */
  static Optional<QualityGate.RecentScores> scores(ModelMetrics.Recent recent) {
    if (recent == null || recent.accuracy() == null || recent.servingAccuracy() == null) {
      return Optional.empty();
    }
    return Optional.of(new QualityGate.RecentScores(recent.holdoutLines(), recent.accuracy(),
        recent.servingVersion(), recent.servingAccuracy(), recent.since() != null));
  }

  /** Share of {@code lines} whose label the model predicts; every line counts once. */
  static double accuracy(Transformer model, Dataset<Row> lines, Target target) {
    Column right = functions.col(ModelOutput.predictedLabel(target))
        .equalTo(functions.col(target.id()).cast("string"));
    Row r = model.transform(lines).agg(functions.sum(functions.when(right, 1L).otherwise(0L)),
        functions.count(functions.lit(1))).first();
    return r.getLong(1) == 0 ? 0 : (r.isNullAt(0) ? 0 : r.getLong(0)) / (double) r.getLong(1);
  }

  /** A serving version that cannot be loaded cannot be compared: the history judges then. */
  private static Optional<ModelRegistry.LoadedModel> loaded(Target target,
      Supplier<Optional<ModelRegistry.LoadedModel>> serving) {
    try {
      return serving.get();
    } catch (RuntimeException e) {
      System.err.println("TrainJob: the serving " + target.id() + " model could not be loaded to score the recent "
          + "lines: " + StagedDirectory.oneLine(e));
      return Optional.empty();
    }
  }
}
