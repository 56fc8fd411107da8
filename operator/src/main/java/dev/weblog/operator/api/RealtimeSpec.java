package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.weblog.common.JobContract;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * The real-time scoring application: Spark's real-time mode, Kafka lines to prediction events on a Kafka topic in
 * milliseconds, at least once, beside the stream's exactly-once HDFS record. Off by default: it holds one core per
 * partition of the topic for as long as it runs (a long-running task each), which a small cluster sized for the
 * stream does not have spare, and its events are only worth those cores to a consumer that acts on them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RealtimeSpec extends SparkApplicationSpec {

  @JsonPropertyDescription("true runs the real-time application; executors x executor.cores must be at least "
      + "kafka.partitions (one long-running task per partition)")
  private boolean enabled;

  @JsonPropertyDescription("Topic of the prediction events (one per valid line, key: the device id). Managed Kafka: "
      + "created by the operator; External: must exist")
  @Pattern(Patterns.TOPIC)
  @Default(JobContract.DEFAULT_PREDICTIONS_TOPIC)
  private String predictionsTopic = JobContract.DEFAULT_PREDICTIONS_TOPIC;

  @JsonPropertyDescription("Topic of the rejected lines' events, with the reason. Managed Kafka: created by the "
      + "operator; External: must exist")
  @Pattern(Patterns.TOPIC)
  @Default(JobContract.DEFAULT_QUARANTINE_TOPIC)
  private String quarantineTopic = JobContract.DEFAULT_QUARANTINE_TOPIC;

  @JsonPropertyDescription("How often the offsets are checkpointed, e.g. '1 minute': a restarted driver sends at "
      + "most this much of the events again (consumers drop repeats by the event's source topic, partition, offset)")
  @Pattern(Patterns.TRIGGER)
  @Default(JobContract.DEFAULT_CHECKPOINT_INTERVAL)
  private String checkpointInterval = JobContract.DEFAULT_CHECKPOINT_INTERVAL;

  @JsonPropertyDescription("Seconds within which a newly promoted model scores, without a restart")
  @Min(1)
  @Default("60")
  private int modelRefreshSeconds = JobContract.DEFAULT_MODEL_REFRESH_SECONDS;

  @JsonPropertyDescription("Where to start without a checkpoint: earliest or latest")
  @Default("earliest")
  private StartingOffsets startingOffsets = StartingOffsets.EARLIEST;

  /** Task slots the application asks for; the real-time mode needs one per partition of its topic. */
  public int taskSlots() {
    return getExecutors() * getExecutor().getCores();
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getPredictionsTopic() {
    return predictionsTopic;
  }

  public void setPredictionsTopic(String predictionsTopic) {
    this.predictionsTopic = predictionsTopic;
  }

  public String getQuarantineTopic() {
    return quarantineTopic;
  }

  public void setQuarantineTopic(String quarantineTopic) {
    this.quarantineTopic = quarantineTopic;
  }

  public String getCheckpointInterval() {
    return checkpointInterval;
  }

  public void setCheckpointInterval(String checkpointInterval) {
    this.checkpointInterval = checkpointInterval;
  }

  public int getModelRefreshSeconds() {
    return modelRefreshSeconds;
  }

  public void setModelRefreshSeconds(int modelRefreshSeconds) {
    this.modelRefreshSeconds = modelRefreshSeconds;
  }

  public StartingOffsets getStartingOffsets() {
    return startingOffsets;
  }

  public void setStartingOffsets(StartingOffsets startingOffsets) {
    this.startingOffsets = startingOffsets;
  }
}
