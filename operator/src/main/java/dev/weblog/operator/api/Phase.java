package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the pipeline is in its life, for humans; conditions carry the detail. */
public enum Phase {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Provisioning")
  PROVISIONING,
  @JsonProperty("Ingesting")
  INGESTING,
  @JsonProperty("Training")
  TRAINING,
  @JsonProperty("Streaming")
  STREAMING,
  /** spec.suspend: nothing runs but HDFS and Kafka. */
  @JsonProperty("Suspended")
  SUSPENDED,
  @JsonProperty("Failed")
  FAILED
}
