package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** A Spark driver's or executor's size in Spark's own units; spark-kubernetes adds the memory overhead. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparkResources {

  public static final String DEFAULT_MEMORY = "1g";

  @JsonPropertyDescription("Cores (spark.driver.cores / spark.executor.cores), also the pod's CPU request and limit")
  @Min(1)
  @Default("1")
  private int cores = 1;

  @JsonPropertyDescription("CPU the pod requests, as a Kubernetes quantity (e.g. 250m), when less than cores should "
      + "be reserved on a small cluster; Spark still runs cores tasks at once and the CPU limit stays cores. "
      + "Default: cores")
  @Pattern(Patterns.QUANTITY)
  private String cpuRequest;

  @JsonPropertyDescription("JVM heap in Spark's format, e.g. 1g or 512m")
  @Pattern(Patterns.JVM_MEMORY)
  @Default(DEFAULT_MEMORY)
  private String memory = DEFAULT_MEMORY;

  public SparkResources() {}

  public SparkResources(int cores, String memory) {
    this.cores = cores;
    this.memory = memory;
  }

  public int getCores() {
    return cores;
  }

  public void setCores(int cores) {
    this.cores = cores;
  }

  public String getCpuRequest() {
    return cpuRequest;
  }

  public void setCpuRequest(String cpuRequest) {
    this.cpuRequest = cpuRequest;
  }

  /** The pod's CPU request: cpuRequest when set, else all its cores. */
  public String requestedCpu() {
    return cpuRequest != null ? cpuRequest : String.valueOf(cores);
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory;
  }
}
