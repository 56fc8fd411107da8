package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** CPU and memory of a plain container; used as both request and limit so the pod's footprint is fixed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComputeResources {

  public static final String DEFAULT_CPU = "500m";
  public static final String DEFAULT_MEMORY = "1Gi";

  @JsonPropertyDescription("CPU, as a Kubernetes quantity")
  @Pattern(Patterns.QUANTITY)
  @Default(DEFAULT_CPU)
  private String cpu = DEFAULT_CPU;

  @JsonPropertyDescription("Memory, as a Kubernetes quantity")
  @Pattern(Patterns.QUANTITY)
  @Default(DEFAULT_MEMORY)
  private String memory = DEFAULT_MEMORY;

  public ComputeResources() {}

  public ComputeResources(String cpu, String memory) {
    this.cpu = cpu;
    this.memory = memory;
  }

  public String getCpu() {
    return cpu;
  }

  public void setCpu(String cpu) {
    this.cpu = cpu;
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory;
  }
}
