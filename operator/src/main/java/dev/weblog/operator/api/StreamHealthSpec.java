package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** When the operator calls a running stream unhealthy (condition StreamHealthy); changing it restarts nothing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamHealthSpec {

  public static final int DEFAULT_STALLED_AFTER_TRIGGERS = 60;
  public static final int DEFAULT_LAGGING_AFTER_SECONDS = 300;
  public static final long DEFAULT_MIN_LAG_GROWTH = 1000;
  public static final int DEFAULT_PROBE_SECONDS = 15;

  @JsonPropertyDescription("StreamHealthy turns False with reason Stalled when the query has neither committed a "
      + "micro-batch nor reported itself idle (no new records) for this many triggers, and never sooner than 30 s: "
      + "an idle query reports every 10 s")
  @Min(3)
  @Default("" + DEFAULT_STALLED_AFTER_TRIGGERS)
  private int stalledAfterTriggers = DEFAULT_STALLED_AFTER_TRIGGERS;

  @JsonPropertyDescription("StreamHealthy turns False with reason Lagging when, over this many seconds, every lag "
      + "read in the last third is above every lag read in the first third by at least minLagGrowth records")
  @Min(30)
  @Default("" + DEFAULT_LAGGING_AFTER_SECONDS)
  private int laggingAfterSeconds = DEFAULT_LAGGING_AFTER_SECONDS;

  @JsonPropertyDescription("Records the lag must have risen by to count as Lagging")
  @Min(1)
  @Default("" + DEFAULT_MIN_LAG_GROWTH)
  private long minLagGrowth = DEFAULT_MIN_LAG_GROWTH;

  @JsonPropertyDescription("Seconds between two readings of the stream driver's metrics endpoint by the operator")
  @Min(5)
  @Default("" + DEFAULT_PROBE_SECONDS)
  private int probeSeconds = DEFAULT_PROBE_SECONDS;

  public int getStalledAfterTriggers() {
    return stalledAfterTriggers;
  }

  public void setStalledAfterTriggers(int stalledAfterTriggers) {
    this.stalledAfterTriggers = stalledAfterTriggers;
  }

  public int getLaggingAfterSeconds() {
    return laggingAfterSeconds;
  }

  public void setLaggingAfterSeconds(int laggingAfterSeconds) {
    this.laggingAfterSeconds = laggingAfterSeconds;
  }

  public long getMinLagGrowth() {
    return minLagGrowth;
  }

  public void setMinLagGrowth(long minLagGrowth) {
    this.minLagGrowth = minLagGrowth;
  }

  public int getProbeSeconds() {
    return probeSeconds;
  }

  public void setProbeSeconds(int probeSeconds) {
    this.probeSeconds = probeSeconds;
  }
}
