package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How the serving model of one target does on live lines, as the stream driver last reported it. Figures the driver
 * does not report (no labelled line yet, no training profile for the version) stay absent, never zero.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LiveStatus {

  @JsonPropertyDescription("Share of the last 10,000 labelled live lines the serving model predicted right")
  private Double accuracy;

  @JsonPropertyDescription("The serving model's accuracy on its test split: the baseline live accuracy is judged "
      + "against")
  private Double testAccuracy;

  @JsonPropertyDescription("The highest population stability index of a feature in the last micro-batch judged, "
      + "against the model's training profile")
  private Double worstPsi;

  @JsonPropertyDescription("The feature with that PSI")
  private String worstFeature;

  @JsonPropertyDescription("Total variation distance of the predicted class shares from training's")
  private Double classShift;

  @JsonPropertyDescription("Bad micro-batches in a row (streaming.drift); drift is detected at streaming.drift.batches")
  private Integer driftStreak;

  @JsonPropertyDescription("true while the driver reports drift")
  private Boolean drifting;

  @JsonPropertyDescription("RFC 3339 time the bad streak began")
  private String driftSince;

  @JsonPropertyDescription("RFC 3339 time the operator read these figures from the driver")
  private String checkedAt;

  public Double getAccuracy() {
    return accuracy;
  }

  public void setAccuracy(Double accuracy) {
    this.accuracy = accuracy;
  }

  public Double getTestAccuracy() {
    return testAccuracy;
  }

  public void setTestAccuracy(Double testAccuracy) {
    this.testAccuracy = testAccuracy;
  }

  public Double getWorstPsi() {
    return worstPsi;
  }

  public void setWorstPsi(Double worstPsi) {
    this.worstPsi = worstPsi;
  }

  public String getWorstFeature() {
    return worstFeature;
  }

  public void setWorstFeature(String worstFeature) {
    this.worstFeature = worstFeature;
  }

  public Double getClassShift() {
    return classShift;
  }

  public void setClassShift(Double classShift) {
    this.classShift = classShift;
  }

  public Integer getDriftStreak() {
    return driftStreak;
  }

  public void setDriftStreak(Integer driftStreak) {
    this.driftStreak = driftStreak;
  }

  public Boolean getDrifting() {
    return drifting;
  }

  public void setDrifting(Boolean drifting) {
    this.drifting = drifting;
  }

  public String getDriftSince() {
    return driftSince;
  }

  public void setDriftSince(String driftSince) {
    this.driftSince = driftSince;
  }

  public String getCheckedAt() {
    return checkedAt;
  }

  public void setCheckedAt(String checkedAt) {
    this.checkedAt = checkedAt;
  }
}
