package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the replay producer sends. */
public enum ProducerSource {
  /** Live lines from the synthetic generator. */
  @JsonProperty("Generator")
  GENERATOR,
  /** Lines of a CSV file on a persistent volume claim, replayed in order. */
  @JsonProperty("Volume")
  VOLUME
}
