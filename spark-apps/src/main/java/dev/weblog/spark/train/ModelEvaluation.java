package dev.weblog.spark.train;

import dev.weblog.spark.model.ModelMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.Tuple3;

/** Held-out quality of a model, from MLlib's multiclass metrics over (prediction, label, weight) rows. */
record ModelEvaluation(
    double accuracy,
    double weightedF1,
    Map<String, ModelMetrics.ClassMetrics> perClass,
    ModelMetrics.ConfusionMatrix confusion) {

  /** Predictions carrying the label index, the predicted index and a weight column (1 per raw row). */
  static ModelEvaluation of(Dataset<Row> predictions, String labelIndex, String predictionIndex, String weight,
      List<String> labels) {
    var tuples = predictions
        .select(functions.col(predictionIndex).cast("double"), functions.col(labelIndex).cast("double"),
            functions.col(weight).cast("double"))
        .javaRDD()
        .map(r -> new Tuple3<Object, Object, Object>(r.getDouble(0), r.getDouble(1), r.getDouble(2)));
    MulticlassMetrics metrics = new MulticlassMetrics(tuples.rdd());
    int n = labels.size();
    long[][] counts = new long[n][n];
    double[] present = metrics.labels();
    var matrix = metrics.confusionMatrix();
    for (int i = 0; i < present.length; i++) {
      for (int j = 0; j < present.length; j++) {
        counts[(int) present[i]][(int) present[j]] = Math.round(matrix.apply(i, j));
      }
    }
    Map<String, ModelMetrics.ClassMetrics> perClass = new LinkedHashMap<>();
    for (int k = 0; k < n; k++) {
      long support = 0;
      long predicted = 0;
      for (int j = 0; j < n; j++) {
        support += counts[k][j];
        predicted += counts[j][k];
      }
      // MLlib's per-label figures fail for a label absent from both columns; such a label scores zero.
      boolean seen = support > 0 || predicted > 0;
      perClass.put(labels.get(k), seen
          ? new ModelMetrics.ClassMetrics(metrics.precision(k), metrics.recall(k), metrics.fMeasure(k), support)
          : new ModelMetrics.ClassMetrics(0, 0, 0, 0));
    }
    return new ModelEvaluation(metrics.accuracy(), metrics.weightedFMeasure(), perClass,
        new ModelMetrics.ConfusionMatrix(List.copyOf(labels), counts));
  }
}
