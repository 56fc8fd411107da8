package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The retraining schedule's bookkeeping: which slot was last acted on and how many runs it started. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleStatus {

  @JsonPropertyDescription("RFC 3339 time of the last schedule slot that started a run or was skipped")
  private String lastScheduleTime;

  @JsonPropertyDescription("Scheduled training runs started so far")
  private int runs;

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public int getRuns() {
    return runs;
  }

  public void setRuns(int runs) {
    this.runs = runs;
  }
}
