package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kubernetes image pull policy. */
public enum PullPolicy {
  @JsonProperty("Always")
  ALWAYS("Always"),
  @JsonProperty("IfNotPresent")
  IF_NOT_PRESENT("IfNotPresent"),
  @JsonProperty("Never")
  NEVER("Never");

  private final String value;

  PullPolicy(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
