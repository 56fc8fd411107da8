package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.weblog.common.JobContract;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Kafka: a Strimzi cluster run by the operator, or existing brokers; and the topic live lines go to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.KAFKA_EXTERNAL_NEEDS_SERVERS, message = Rules.KAFKA_EXTERNAL_NEEDS_SERVERS_MSG)
@ValidationRule(value = Rules.KAFKA_MANAGED_NO_SERVERS, message = Rules.KAFKA_MANAGED_NO_SERVERS_MSG)
public class KafkaSpec {

  public static final String DEFAULT_STORAGE = "10Gi";

  @JsonPropertyDescription("Managed (a Strimzi Kafka the operator creates) or External (use bootstrapServers)")
  @Default("Managed")
  private Mode mode = Mode.MANAGED;

  @JsonPropertyDescription("External only: host:port[,host:port...] of the brokers (plain listener)")
  @Pattern(Patterns.BOOTSTRAP_SERVERS)
  private String bootstrapServers;

  @JsonPropertyDescription("Managed only: number of combined controller+broker nodes")
  @Min(1)
  @Max(9)
  @Default("1")
  private int replicas = 1;

  @JsonPropertyDescription("Managed only: volume size of each node")
  @Pattern(Patterns.QUANTITY)
  @Default(DEFAULT_STORAGE)
  private String storage = DEFAULT_STORAGE;

  @JsonPropertyDescription("Managed only: storage class of the volumes; the cluster default when empty")
  private String storageClassName;

  @JsonPropertyDescription("Managed only: Kafka version; the Strimzi operator's default when empty")
  @Pattern(Patterns.KAFKA_VERSION)
  private String version;

  @JsonPropertyDescription("Managed only: CPU and memory of each Kafka node")
  private ComputeResources resources = new ComputeResources("1", "2Gi");

  @JsonPropertyDescription("Topic the producer writes and the streaming job reads")
  @Pattern(Patterns.TOPIC)
  @Default(JobContract.DEFAULT_TOPIC)
  private String topic = JobContract.DEFAULT_TOPIC;

  @JsonPropertyDescription("Partitions of the topic")
  @Min(1)
  @Default("" + JobContract.DEFAULT_PARTITIONS)
  private int partitions = JobContract.DEFAULT_PARTITIONS;

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public int getReplicas() {
    return replicas;
  }

  public void setReplicas(int replicas) {
    this.replicas = replicas;
  }

  public String getStorage() {
    return storage;
  }

  public void setStorage(String storage) {
    this.storage = storage;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public ComputeResources getResources() {
    return resources;
  }

  public void setResources(ComputeResources resources) {
    this.resources = resources == null ? new ComputeResources() : resources;
  }

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public int getPartitions() {
    return partitions;
  }

  public void setPartitions(int partitions) {
    this.partitions = partitions;
  }

  @JsonIgnore
  public boolean isManaged() {
    return mode == Mode.MANAGED;
  }
}
