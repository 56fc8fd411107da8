package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drift detections the operator acted on. A detection is known by its target and the time its bad streak began
 * (the driver's drift-since): the same one never gets a second Event or a second retrain, across reconciles and
 * operator restarts, even when its retrain was refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftStatus {

  @JsonPropertyDescription("Per target: RFC 3339 start of the last drift detection announced (Event ModelDrift)")
  private Map<String, String> detected = new TreeMap<>();

  @JsonPropertyDescription("Per target: RFC 3339 start of the last drift detection a retrain was started for")
  private Map<String, String> retrained = new TreeMap<>();

  @JsonPropertyDescription("Retrains started on drift so far (training.retrain.onDrift); part of the training run key")
  private int retrains;

  @JsonPropertyDescription("The training run key of the last retrain started on drift")
  private String retrainKey;

  @JsonPropertyDescription("RFC 3339: that retrain's recent lines start here, when the drift began")
  private String recentSince;

  public Map<String, String> getDetected() {
    return detected;
  }

  public void setDetected(Map<String, String> detected) {
    this.detected = detected == null ? new TreeMap<>() : new TreeMap<>(detected);
  }

  public Map<String, String> getRetrained() {
    return retrained;
  }

  public void setRetrained(Map<String, String> retrained) {
    this.retrained = retrained == null ? new TreeMap<>() : new TreeMap<>(retrained);
  }

  public int getRetrains() {
    return retrains;
  }

  public void setRetrains(int retrains) {
    this.retrains = retrains;
  }

  public String getRetrainKey() {
    return retrainKey;
  }

  public void setRetrainKey(String retrainKey) {
    this.retrainKey = retrainKey;
  }

  public String getRecentSince() {
    return recentSince;
  }

  public void setRecentSince(String recentSince) {
    this.recentSince = recentSince;
  }
}
