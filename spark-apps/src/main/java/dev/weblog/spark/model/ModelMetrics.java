package dev.weblog.spark.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What {@code metrics.json} of a model version holds (snake_case keys). {@code classes} are the labels the
 * training rows held, in their natural order ({@link dev.weblog.common.LabelOrder}); {@code selection} says which
 * candidates were tried on the validation rows and which won (null in files written before selection existed);
 * {@code recent} how the training used the most recent archived live lines (null when none was recent).
 */
public record ModelMetrics(
    String target,
    String version,
    String algorithm,
    Params params,
    List<String> classes,
    SelectionReport selection,
    long trainRows,
    long testRows,
    double accuracy,
    double weightedF1,
    Map<String, ClassMetrics> perClass,
    ConfusionMatrix confusionMatrix,
    double trainingSeconds,
    String dataFingerprint,
    String input,
    String createdAt,
    String sparkVersion,
    Recent recent) {

  /** How the model was trained; null where a parameter does not apply to the algorithm. */
  public record Params(
      List<String> features,
      String categoryEncoding,
      String trainingRows,
      Integer maxDepth,
      Integer minInstancesPerNode,
      int maxBins,
      Integer numTrees,
      long seed,
      double testFraction) {}

  /**
   * The model search: every candidate with its accuracy on the validation rows (carved from the training rows),
   * the winner's name, and how the training rows were shared between fitting and validating.
   */
  public record SelectionReport(String winner, long fitRows, long validationRows, List<CandidateScore> candidates) {}

  /** Validation accuracy and seconds (to fit and score) are null when the algorithm was forced. */
  public record CandidateScore(String name, String algorithm, Double validationAccuracy, Double seconds) {}

  /**
   * Retraining on recent data: the window as asked ({@code 24h}, and {@code since} when drift began) and as it
   * resolved on the archive ({@code from} .. {@code newest}, ISO-8601), the share of the training weight the
   * recent lines carried, how many labelled recent lines were trained on and held back, and the accuracy on the
   * held-back lines of this version and of the version serving when it was trained (null where there was none).
   */
  public record Recent(String window, String since, String from, String newest, double share, long trainingLines,
      long holdoutLines, Double accuracy, Integer servingVersion, Double servingAccuracy) {}

  /** The classes in their natural order; from the confusion matrix for files written before they were recorded. */
  @Override
  public List<String> classes() {
    return classes != null ? classes : dev.weblog.common.LabelOrder.sorted(confusionMatrix.labels());
  }

  /** The model as a person names it: the winning candidate with its parameters, or the algorithm alone. */
  public String method() {
    return selection == null ? algorithm : selection.winner();
  }

  /** Support is the number of held-out rows with this label. */
  public record ClassMetrics(double precision, double recall, double f1, long support) {}

  /** {@code counts[actual][predicted]}, both in the order of {@code labels}. */
  public record ConfusionMatrix(List<String> labels, long[][] counts) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ModelMetrics fromJson(String json) throws IOException {
    return JSON.readValue(json, ModelMetrics.class);
  }
}
