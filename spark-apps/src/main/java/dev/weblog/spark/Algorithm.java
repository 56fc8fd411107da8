package dev.weblog.spark;

import dev.weblog.common.JobContract;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The classifiers TrainJob can fit; the id is what {@code --algorithm} takes. */
public enum Algorithm {
  DECISION_TREE("decision_tree"),
  RANDOM_FOREST("random_forest"),
  /** Gradient-boosted trees: MLlib supports binary labels only. */
  GBT("gbt");

  private final String id;

  Algorithm(String id) {
    this.id = id;
  }

  public String id() {
    return id;
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
