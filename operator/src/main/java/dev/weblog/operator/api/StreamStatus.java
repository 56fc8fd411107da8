package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running stream as the operator last read it from the driver's metrics endpoint. When the endpoint stops
 * answering the figures stay as last read, and {@code sampledAt} says how old they are: never a made-up zero.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamStatus {

  @JsonPropertyDescription("The streaming driver pod the figures come from")
  private String driver;

  @JsonPropertyDescription("RFC 3339 time the operator last read the driver's metrics")
  private String sampledAt;

  @JsonPropertyDescription("RFC 3339 time a driver of this pipeline was first seen running")
  private String startedAt;

  @JsonPropertyDescription("RFC 3339 time of the last committed micro-batch")
  private String lastCommitTime;

  @JsonPropertyDescription("RFC 3339 time the query last showed it reads its topic: a committed micro-batch or an "
      + "idle report (no new records)")
  private String lastProgressTime;

  @JsonPropertyDescription("Records in the topic after the last committed micro-batch, summed over partitions")
  private Long lag;

  @JsonPropertyDescription("Records read per second over about the last minute")
  private Double recordsPerSecond;

  @JsonPropertyDescription("Median seconds from a line's Kafka timestamp to the commit of its micro-batch, over "
      + "about the last minute")
  private Double latencyP50Seconds;

  @JsonPropertyDescription("99th percentile of that latency, over about the last minute")
  private Double latencyP99Seconds;

  @JsonPropertyDescription("Records the driver has read since it started")
  private Long read;

  @JsonPropertyDescription("Lines the driver has scored and committed since it started")
  private Long predicted;

  @JsonPropertyDescription("Lines the driver has quarantined since it started")
  private Long quarantined;

  @JsonPropertyDescription("Per target: share of the last labelled live lines the serving model predicted right")
  private Map<String, Double> liveAccuracy;

  public String getDriver() {
    return driver;
  }

  public void setDriver(String driver) {
    this.driver = driver;
  }

  public String getSampledAt() {
    return sampledAt;
  }

  public void setSampledAt(String sampledAt) {
    this.sampledAt = sampledAt;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getLastCommitTime() {
    return lastCommitTime;
  }

  public void setLastCommitTime(String lastCommitTime) {
    this.lastCommitTime = lastCommitTime;
  }

  public String getLastProgressTime() {
    return lastProgressTime;
  }

  public void setLastProgressTime(String lastProgressTime) {
    this.lastProgressTime = lastProgressTime;
  }

  public Long getLag() {
    return lag;
  }

  public void setLag(Long lag) {
    this.lag = lag;
  }

  public Double getRecordsPerSecond() {
    return recordsPerSecond;
  }

  public void setRecordsPerSecond(Double recordsPerSecond) {
    this.recordsPerSecond = recordsPerSecond;
  }

  public Double getLatencyP50Seconds() {
    return latencyP50Seconds;
  }

  public void setLatencyP50Seconds(Double latencyP50Seconds) {
    this.latencyP50Seconds = latencyP50Seconds;
  }

  public Double getLatencyP99Seconds() {
    return latencyP99Seconds;
  }

  public void setLatencyP99Seconds(Double latencyP99Seconds) {
    this.latencyP99Seconds = latencyP99Seconds;
  }

  public Long getRead() {
    return read;
  }

  public void setRead(Long read) {
    this.read = read;
  }

  public Long getPredicted() {
    return predicted;
  }

  public void setPredicted(Long predicted) {
    this.predicted = predicted;
  }

  public Long getQuarantined() {
    return quarantined;
  }

  public void setQuarantined(Long quarantined) {
    this.quarantined = quarantined;
  }

  public Map<String, Double> getLiveAccuracy() {
    return liveAccuracy;
  }

  public void setLiveAccuracy(Map<String, Double> liveAccuracy) {
    this.liveAccuracy = liveAccuracy == null ? null : new TreeMap<>(liveAccuracy);
  }
}
