package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Images of the programs the pipeline runs. Empty fields mean the operator's defaults for its own version, so
 * upgrading the operator upgrades pipelines that did not pin an image.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImagesSpec {

  @JsonPropertyDescription("Registry (host[:port][/path]) put in front of the default image names, e.g. a mirror")
  @Pattern(Patterns.REGISTRY)
  private String registry;

  @JsonPropertyDescription("Spark image with the pipeline's jobs (ingest, train, stream) and the generator")
  @Pattern(Patterns.IMAGE)
  private String sparkApps;

  @JsonPropertyDescription("Image of the replay producer")
  @Pattern(Patterns.IMAGE)
  private String producer;

  @JsonPropertyDescription("Hadoop image for the NameNode, DataNodes and the history loader")
  @Pattern(Patterns.IMAGE)
  private String hadoop;

  @JsonPropertyDescription("Pull policy of every container")
  @Default("IfNotPresent")
  private PullPolicy pullPolicy = PullPolicy.IF_NOT_PRESENT;

  @JsonPropertyDescription("Names of image pull secrets in the pipeline's namespace")
  private List<String> pullSecrets = new ArrayList<>();

  public String getRegistry() {
    return registry;
  }

  public void setRegistry(String registry) {
    this.registry = registry;
  }

  public String getSparkApps() {
    return sparkApps;
  }

  public void setSparkApps(String sparkApps) {
    this.sparkApps = sparkApps;
  }

  public String getProducer() {
    return producer;
  }

  public void setProducer(String producer) {
    this.producer = producer;
  }

  public String getHadoop() {
    return hadoop;
  }

  public void setHadoop(String hadoop) {
    this.hadoop = hadoop;
  }

  public PullPolicy getPullPolicy() {
    return pullPolicy;
  }

  public void setPullPolicy(PullPolicy pullPolicy) {
    this.pullPolicy = pullPolicy;
  }

  public List<String> getPullSecrets() {
    return pullSecrets;
  }

  public void setPullSecrets(List<String> pullSecrets) {
    this.pullSecrets = pullSecrets == null ? new ArrayList<>() : pullSecrets;
  }
}
