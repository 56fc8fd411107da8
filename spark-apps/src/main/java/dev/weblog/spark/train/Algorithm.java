package dev.weblog.spark.train;

import dev.weblog.common.JobContract;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The classifiers TrainJob can fit; the id is what {@code --algorithm} takes. */
public enum Algorithm {
  /** Not a classifier: several candidates are fitted and the best on a validation split is kept. */
  AUTO("auto"),
  DECISION_TREE("decision_tree"),
  RANDOM_FOREST("random_forest"),
  /** Multinomial naive Bayes on one-hot features: one indicator per code of each feature. */
  NAIVE_BAYES("naive_bayes"),
  /** Multinomial logistic regression on one-hot features. */
  LOGISTIC_REGRESSION("logistic_regression"),
  /** Gradient-boosted trees: MLlib supports two classes only. */
  GBT("gbt");

  private final String id;

  Algorithm(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Whether the classifier reads one-hot indicators rather than indexed codes. */
  boolean oneHot() {
    return this == NAIVE_BAYES || this == LOGISTIC_REGRESSION;
  }

  /** Accepts the id, with hyphens or underscores, in any case. */
  public static Algorithm fromId(String value) {
    String normalized = value.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    for (Algorithm a : values()) {
      if (a.id.equals(normalized)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown " + JobContract.OPT_ALGORITHM + " '" + value + "'; algorithms are "
        + Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", ")));
  }
}
