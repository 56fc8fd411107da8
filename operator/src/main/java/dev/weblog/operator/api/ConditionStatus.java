package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The three values Kubernetes conditions take. */
public enum ConditionStatus {
  @JsonProperty("True")
  TRUE,
  @JsonProperty("False")
  FALSE,
  @JsonProperty("Unknown")
  UNKNOWN
}
