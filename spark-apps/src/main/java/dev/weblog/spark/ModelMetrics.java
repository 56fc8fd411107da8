package dev.weblog.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** What {@code metrics.json} of a model version holds (snake_case keys). */
public record ModelMetrics(
    String target,
    String version,
    String algorithm,
    Params params,
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
    String sparkVersion) {

  /** How the model was trained. */
  public record Params(
      List<String> features,
      String categoryEncoding,
      String trainingRows,
      int maxDepth,
      int maxBins,
      Integer numTrees,
      long seed,
      double testFraction) {}

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
