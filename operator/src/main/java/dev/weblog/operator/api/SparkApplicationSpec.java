package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every Spark application of a pipeline is sized by: training's and streaming's fields share it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class SparkApplicationSpec {

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
