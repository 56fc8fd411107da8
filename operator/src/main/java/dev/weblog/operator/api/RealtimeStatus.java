package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The real-time job as last read from its driver, which reads its own events back from Kafka. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RealtimeStatus {

  @JsonPropertyDescription("The driver pod these figures are from")
  private String driver;

  @JsonPropertyDescription("When the driver was read (RFC 3339)")
  private String sampledAt;

  @JsonPropertyDescription("Prediction events this driver has seen on the predictions topic since it started")
  private Long predictionEvents;

  @JsonPropertyDescription("Quarantine events this driver has seen since it started")
  private Long quarantineEvents;

  @JsonPropertyDescription("Lines in the topic not yet scored, over its partitions (absent before the first event)")
  private Long lag;

  @JsonPropertyDescription("Median latency, line produced to its event appended to Kafka, over the events since the "
      + "previous reading (seconds; absent when none came)")
  private Double latencyP50Seconds;

  @JsonPropertyDescription("99th percentile of the same latency (seconds)")
  private Double latencyP99Seconds;

  @JsonPropertyDescription("When the driver last saw an event (RFC 3339)")
  private String lastEventTime;

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

  public Long getPredictionEvents() {
    return predictionEvents;
  }

  public void setPredictionEvents(Long predictionEvents) {
    this.predictionEvents = predictionEvents;
  }

  public Long getQuarantineEvents() {
    return quarantineEvents;
  }

  public void setQuarantineEvents(Long quarantineEvents) {
    this.quarantineEvents = quarantineEvents;
  }

  public Long getLag() {
    return lag;
  }

  public void setLag(Long lag) {
    this.lag = lag;
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

  public String getLastEventTime() {
    return lastEventTime;
  }

  public void setLastEventTime(String lastEventTime) {
    this.lastEventTime = lastEventTime;
  }
}
