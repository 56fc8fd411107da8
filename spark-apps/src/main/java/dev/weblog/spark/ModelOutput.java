package dev.weblog.spark;

import dev.weblog.common.Target;

/**
 * The columns a trained model adds to a DataFrame: the contract for whoever applies it. Input: the record
 * columns of {@link WebLogSparkSchema#record()} (the label column may be absent or null). Output: the predicted
 * label as a string, plus internal columns all named {@code <target>__*}, so the age-group and gender models
 * can be applied one after the other to the same DataFrame.
 */
public final class ModelOutput {

  public static final String PREDICTED_PREFIX = "predicted_";
  public static final String INTERNAL_SEPARATOR = "__";

  private ModelOutput() {}

  /** The predicted label as written in the CSV ({@code 36-50}, {@code over 50}, {@code 0}, {@code 1}). */
  public static String predictedLabel(Target target) {
    return PREDICTED_PREFIX + target.id();
  }

  /** Class probabilities, a vector in the order of {@link #labelIndex} (useful as a confidence). */
  public static String probability(Target target) {
    return internal(target, "probability");
  }

  /** The label as an index; present only when the label column was. */
  public static String labelIndex(Target target) {
    return internal(target, "label_index");
  }

  public static String predictionIndex(Target target) {
    return internal(target, "prediction_index");
  }

  public static String rawPrediction(Target target) {
    return internal(target, "raw_prediction");
  }

  public static String features(Target target) {
    return internal(target, "features");
  }

  /** Every intermediate column of a target's model starts with {@code <target>__}. */
  public static String internal(Target target, String name) {
    return target.id() + INTERNAL_SEPARATOR + name;
  }
}
