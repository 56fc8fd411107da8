package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The promoted model of one target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelStatus {

  @JsonPropertyDescription("Promoted version folder, e.g. v3")
  private String version;

  @JsonPropertyDescription("Test accuracy of the promoted version")
  private Double accuracy;

  @JsonPropertyDescription("The test accuracy rounded to 4 decimals, as kubectl get shows it")
  private Double displayAccuracy;

  @JsonPropertyDescription("RFC 3339 time of the promotion")
  private String promotedAt;

  @JsonPropertyDescription("How it does on live lines: accuracy, worst drift, since when (from the stream driver)")
  private LiveStatus live;

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public Double getAccuracy() {
    return accuracy;
  }

  /** Also sets the rounded copy, so a status written before it existed shows it after its next write. */
  public void setAccuracy(Double accuracy) {
    this.accuracy = accuracy;
    this.displayAccuracy = accuracy == null ? null : Math.round(accuracy * 10_000) / 10_000.0;
  }

  public Double getDisplayAccuracy() {
    return displayAccuracy;
  }

  /** Kept for Jackson: the rounded copy always follows {@link #setAccuracy}. */
  public void setDisplayAccuracy(Double displayAccuracy) {
    if (accuracy == null) {
      this.displayAccuracy = displayAccuracy;
    }
  }

  public String getPromotedAt() {
    return promotedAt;
  }

  public void setPromotedAt(String promotedAt) {
    this.promotedAt = promotedAt;
  }

  public LiveStatus getLive() {
    return live;
  }

  public void setLive(LiveStatus live) {
    this.live = live;
  }
}
