package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.weblog.common.JobContract;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The Structured Streaming application: Kafka in, predictions and archive out to HDFS. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamingSpec extends SparkApplicationSpec {

  @JsonPropertyDescription("Processing-time trigger, e.g. '1 second' or '500 milliseconds'")
  @Pattern(Patterns.TRIGGER)
  @Default(JobContract.DEFAULT_TRIGGER)
  private String trigger = JobContract.DEFAULT_TRIGGER;

  @JsonPropertyDescription("Upper bound of records per micro-batch; StreamJob's default ("
      + JobContract.DEFAULT_MAX_OFFSETS
      + ") when empty")
  @Min(1)
  private Long maxOffsetsPerTrigger;

  @JsonPropertyDescription("Where to start without a checkpoint: earliest or latest")
  @Default("earliest")
  private StartingOffsets startingOffsets = StartingOffsets.EARLIEST;

  @JsonPropertyDescription("When the operator calls the running stream unhealthy (condition StreamHealthy)")
  private StreamHealthSpec health = new StreamHealthSpec();

  @JsonPropertyDescription("When the driver calls a model drifted (condition ModelsCurrent): PSI and accuracy-drop "
      + "thresholds and how long they must hold; a change restarts the stream from its checkpoint")
  private DriftSpec drift = new DriftSpec();

  @JsonPropertyDescription("true adds a PodDisruptionBudget allowing no eviction of the streaming driver: a drain "
      + "then waits, until its timeout, for the pipeline to be suspended or the driver moved. false (the default) "
      + "lets a drain evict it; the operator starts it again at once, from its checkpoint")
  private boolean disruptionBudget;

  /** The trigger as a duration; the pattern has already admitted the text. */
  public java.time.Duration triggerInterval() {
    String[] parts = trigger.strip().split(" ");
    long n = Long.parseLong(parts[0]);
    return parts[1].startsWith("millisecond") ? java.time.Duration.ofMillis(n)
        : parts[1].startsWith("second") ? java.time.Duration.ofSeconds(n) : java.time.Duration.ofMinutes(n);
  }

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
  }

  public Long getMaxOffsetsPerTrigger() {
    return maxOffsetsPerTrigger;
  }

  public void setMaxOffsetsPerTrigger(Long maxOffsetsPerTrigger) {
    this.maxOffsetsPerTrigger = maxOffsetsPerTrigger;
  }

  public StartingOffsets getStartingOffsets() {
    return startingOffsets;
  }

  public void setStartingOffsets(StartingOffsets startingOffsets) {
    this.startingOffsets = startingOffsets;
  }

  public boolean isDisruptionBudget() {
    return disruptionBudget;
  }

  public void setDisruptionBudget(boolean disruptionBudget) {
    this.disruptionBudget = disruptionBudget;
  }

  public StreamHealthSpec getHealth() {
    return health;
  }

  public void setHealth(StreamHealthSpec health) {
    this.health = health == null ? new StreamHealthSpec() : health;
  }

  public DriftSpec getDrift() {
    return drift;
  }

  public void setDrift(DriftSpec drift) {
    this.drift = drift == null ? new DriftSpec() : drift;
  }
}
