package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether the operator runs a service itself or the pipeline uses one that already exists. */
public enum Mode {
  @JsonProperty("Managed")
  MANAGED,
  @JsonProperty("External")
  EXTERNAL
}
