package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the history CSV comes from. */
public enum DataSource {
  /** The synthetic generator with known ground truth. */
  @JsonProperty("Generator")
  GENERATOR,
  /** A CSV downloaded over HTTP(S). */
  @JsonProperty("Url")
  URL,
  /** A CSV file on a persistent volume claim. */
  @JsonProperty("Volume")
  VOLUME
}
