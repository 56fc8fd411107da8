package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a generated live stream's drift shifts (the generator's {@code Drift.Kind}, and {@code all}). */
public enum DriftKind {
  /** In some age groups the two genders swap their category preferences. */
  @JsonProperty("preferences")
  PREFERENCES,
  /** The label mix: one gender and one end of the age range visit more often. */
  @JsonProperty("labels")
  LABELS,
  /** New product categories take a share of every group's visits. */
  @JsonProperty("categories")
  CATEGORIES,
  /** Every kind at once. */
  @JsonProperty("all")
  ALL;

  /** As the producer's --drift-kind takes it. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
