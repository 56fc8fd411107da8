package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where one stage (history load, ingest, training of a target, stream) stands; attempts name its pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StageStatus {

  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String RETRYING = "Retrying";
  public static final String REFUSED = "Refused";
  /** spec.suspend stopped the attempt's driver: the resume starts the same attempt again. */
  public static final String SUSPENDED = "Suspended";

  @JsonPropertyDescription("Fingerprint of the spec sections (and scheduled run) the current run works on")
  private String runKey;

  @JsonPropertyDescription("Run the stage last finished successfully")
  private String completedRunKey;

  @JsonPropertyDescription("Number of the latest attempt; the driver pod is <pipeline>-<stage>-<attempt>-driver")
  private int attempt;

  @JsonPropertyDescription("Failed attempts of the current run")
  private int failures;

  @JsonPropertyDescription("Drivers of the current run replaced after an eviction, a drain or a deletion: not "
      + "failures, so not retried with a pause nor counted against spec.retries.limit")
  private int disruptions;

  @JsonPropertyDescription("Running, Succeeded, Failed, Retrying, Refused (the quality gate kept the old model) or "
      + "Suspended (spec.suspend stopped the driver; the resume starts the same attempt)")
  private String state;

  @JsonPropertyDescription("RFC 3339 time before which no new attempt starts")
  private String nextAttemptAt;

  @JsonPropertyDescription("The last attempt's result or error, from its termination message")
  private String message;

  public String getRunKey() {
    return runKey;
  }

  public void setRunKey(String runKey) {
    this.runKey = runKey;
  }

  public String getCompletedRunKey() {
    return completedRunKey;
  }

  public void setCompletedRunKey(String completedRunKey) {
    this.completedRunKey = completedRunKey;
  }

  public int getAttempt() {
    return attempt;
  }

  public void setAttempt(int attempt) {
    this.attempt = attempt;
  }

  public int getFailures() {
    return failures;
  }

  public void setFailures(int failures) {
    this.failures = failures;
  }

  public int getDisruptions() {
    return disruptions;
  }

  public void setDisruptions(int disruptions) {
    this.disruptions = disruptions;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getNextAttemptAt() {
    return nextAttemptAt;
  }

  public void setNextAttemptAt(String nextAttemptAt) {
    this.nextAttemptAt = nextAttemptAt;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
