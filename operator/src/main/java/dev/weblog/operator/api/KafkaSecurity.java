package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the pipeline's clients reach Kafka. */
public enum KafkaSecurity {
  /** TLS, SCRAM-SHA-512 authentication and ACLs: the default. */
  @JsonProperty("TlsScram")
  TLS_SCRAM,
  /** No TLS, no authentication: an explicit opt-out. */
  @JsonProperty("Plain")
  PLAIN
}
