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
@ValidationRule(value = Rules.KAFKA_EXTERNAL_TLS_NEEDS_SECRETS, message = Rules.KAFKA_EXTERNAL_TLS_NEEDS_SECRETS_MSG)
@ValidationRule(value = Rules.KAFKA_SECRETS_ONLY_EXTERNAL_TLS, message = Rules.KAFKA_SECRETS_ONLY_EXTERNAL_TLS_MSG)
public class KafkaSpec {

  public static final String DEFAULT_STORAGE = "10Gi";

  @JsonPropertyDescription("Managed (a Strimzi Kafka the operator creates) or External (use bootstrapServers)")
  @Default("Managed")
  private Mode mode = Mode.MANAGED;

  @JsonPropertyDescription("External only: host:port[,host:port...] of the brokers' listener (TLS with SCRAM-SHA-512 "
      + "unless security is Plain)")
  @Pattern(Patterns.BOOTSTRAP_SERVERS)
  private String bootstrapServers;

  @JsonPropertyDescription("TlsScram (default): clients use TLS and authenticate with SCRAM-SHA-512. Managed: the "
      + "Strimzi cluster's only client listener is TLS with SCRAM-SHA-512 and simple (ACL) authorization, and the "
      + "operator makes one KafkaUser per client (producer: Write and Describe on the topic; stream: Read and "
      + "Describe on the topic, Read on its consumer groups); the pods mount the Secrets Strimzi creates and read them "
      + "as files, so no credential is in the pipeline, a pod spec, an argument or the status. External: the pods "
      + "mount userSecret and caSecret. Plain: no TLS, no authentication, no users (opt-out). Fixed at creation.")
  @Default("TlsScram")
  private KafkaSecurity security = KafkaSecurity.TLS_SCRAM;

  @JsonPropertyDescription("External with TlsScram only: name of an existing Secret in the pipeline's namespace "
      + "whose key sasl.jaas.config is the clients' SCRAM-SHA-512 JAAS line (the layout of a Strimzi KafkaUser "
      + "Secret). The Secret's name, never its content")
  @Pattern(Patterns.SECRET_NAME)
  private String userSecret;

  @JsonPropertyDescription("External with TlsScram only: name of an existing Secret in the pipeline's namespace "
      + "whose key ca.crt is the PEM certificate of the CA that signed the brokers' certificates (the layout of "
      + "Strimzi's <cluster>-cluster-ca-cert)")
  @Pattern(Patterns.SECRET_NAME)
  private String caSecret;

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

  public KafkaSecurity getSecurity() {
    return security;
  }

  public void setSecurity(KafkaSecurity security) {
    this.security = security;
  }

  public String getUserSecret() {
    return userSecret;
  }

  public void setUserSecret(String userSecret) {
    this.userSecret = userSecret;
  }

  public String getCaSecret() {
    return caSecret;
  }

  public void setCaSecret(String caSecret) {
    this.caSecret = caSecret;
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

  /** TLS with SCRAM-SHA-512: the default. */
  @JsonIgnore
  public boolean isSecured() {
    return security == KafkaSecurity.TLS_SCRAM;
  }
}
