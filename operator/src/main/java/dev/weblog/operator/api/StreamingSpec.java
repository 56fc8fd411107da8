package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.weblog.common.JobContract;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Structured Streaming application: Kafka in, predictions and archive out to HDFS. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamingSpec {

  @JsonPropertyDescription("Processing-time trigger, e.g. '1 second' or '500 milliseconds'")
  @Pattern(Patterns.TRIGGER)
  @Default(JobContract.DEFAULT_TRIGGER)
  private String trigger = JobContract.DEFAULT_TRIGGER;

  @JsonPropertyDescription("Upper bound of records per micro-batch; unbounded when empty")
  @Min(1)
  private Long maxOffsetsPerTrigger;

  @JsonPropertyDescription("Where to start without a checkpoint: earliest or latest")
  @Default("earliest")
  private StartingOffsets startingOffsets = StartingOffsets.EARLIEST;

  @JsonPropertyDescription("Size of the driver")
  private SparkResources driver = new SparkResources();

  @JsonPropertyDescription("Size of each executor")
  private SparkResources executor = new SparkResources();

  @JsonPropertyDescription("Number of executors")
  @Min(1)
  @Default("1")
  private int executors = 1;

  @JsonPropertyDescription("Extra Spark properties (spark.*), applied last")
  @ValidationRule(value = Rules.NO_POD_TEMPLATES, message = Rules.NO_POD_TEMPLATES_MSG)
  private Map<String, String> sparkConf = new LinkedHashMap<>();

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

  public SparkResources getDriver() {
    return driver;
  }

  public void setDriver(SparkResources driver) {
    this.driver = driver == null ? new SparkResources() : driver;
  }

  public SparkResources getExecutor() {
    return executor;
  }

  public void setExecutor(SparkResources executor) {
    this.executor = executor == null ? new SparkResources() : executor;
  }

  public int getExecutors() {
    return executors;
  }

  public void setExecutors(int executors) {
    this.executors = executors;
  }

  public Map<String, String> getSparkConf() {
    return sparkConf;
  }

  public void setSparkConf(Map<String, String> sparkConf) {
    this.sparkConf = sparkConf == null ? new LinkedHashMap<>() : sparkConf;
  }
}
