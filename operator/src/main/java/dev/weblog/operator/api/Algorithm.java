package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The classifier the train job fits; the names are those its --algorithm option takes. */
public enum Algorithm {
  /** The best of several candidates (trees, naive Bayes, logistic regression, a forest) on a validation split. */
  @JsonProperty("auto")
  AUTO("auto"),
  @JsonProperty("decision_tree")
  DECISION_TREE("decision_tree"),
  @JsonProperty("random_forest")
  RANDOM_FOREST("random_forest");

  private final String id;

  Algorithm(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
