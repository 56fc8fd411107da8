package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to a managed service's volumes when the pipeline is deleted. */
public enum VolumeRetention {
  /** The claims outlive the pipeline; a pipeline re-created under the same name finds its data again. */
  @JsonProperty("Retain")
  RETAIN("Retain"),
  /** The claims go with the pipeline. */
  @JsonProperty("Delete")
  DELETE("Delete");

  private final String value;

  VolumeRetention(String value) {
    this.value = value;
  }

  /** The value of a StatefulSet's persistentVolumeClaimRetentionPolicy. */
  public String value() {
    return value;
  }
}
