package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the streaming job starts reading when it has no checkpoint yet. */
public enum StartingOffsets {
  @JsonProperty("earliest")
  EARLIEST("earliest"),
  @JsonProperty("latest")
  LATEST("latest");

  private final String id;

  StartingOffsets(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
