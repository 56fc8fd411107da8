package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Whether the operator fences the pipeline's managed HDFS with NetworkPolicies of its own. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPoliciesSpec {

  @JsonPropertyDescription("NetworkPolicies that let only this pipeline's pods reach its managed HDFS; false for "
      + "clusters that manage their own (the operator then deletes the ones it made)")
  @Default("true")
  private boolean enabled = true;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
