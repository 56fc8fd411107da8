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

  @JsonPropertyDescription("RFC 3339 time of the promotion")
  private String promotedAt;

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public Double getAccuracy() {
    return accuracy;
  }

  public void setAccuracy(Double accuracy) {
    this.accuracy = accuracy;
  }

  public String getPromotedAt() {
    return promotedAt;
  }

  public void setPromotedAt(String promotedAt) {
    this.promotedAt = promotedAt;
  }
}
