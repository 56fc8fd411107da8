package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where each component's pods run; every component is on its own, and all are empty by default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlacementSpec {

  @JsonPropertyDescription("Managed HDFS only: the NameNode pod")
  private Placement nameNode = new Placement();

  @JsonPropertyDescription("Managed HDFS only: the DataNode pods")
  private Placement dataNodes = new Placement();

  @JsonPropertyDescription("Every Spark driver pod (ingest, training, stream) and the history loader Job's pod")
  private Placement sparkDrivers = new Placement();

  @JsonPropertyDescription("Every Spark executor pod (through the executor pod template the drivers read)")
  private Placement sparkExecutors = new Placement();

  @JsonPropertyDescription("The replay producer's pod")
  private Placement producer = new Placement();

  @JsonPropertyDescription("Managed Kafka only: the Kafka node pods and Strimzi's entity operator pod, through "
      + "Strimzi's pod templates. Strimzi's pod template has no nodeSelector: the operator writes a nodeSelector as "
      + "a required node affinity (one In requirement per label, added to every term of the affinity given here)")
  private Placement kafka = new Placement();

  /** Field name to placement, in the order of the spec; the field names are what messages name. */
  public Map<String, Placement> byField() {
    Map<String, Placement> all = new LinkedHashMap<>();
    all.put("nameNode", nameNode);
    all.put("dataNodes", dataNodes);
    all.put("sparkDrivers", sparkDrivers);
    all.put("sparkExecutors", sparkExecutors);
    all.put("producer", producer);
    all.put("kafka", kafka);
    return all;
  }

  public Placement getNameNode() {
    return nameNode;
  }

  public void setNameNode(Placement nameNode) {
    this.nameNode = nameNode == null ? new Placement() : nameNode;
  }

  public Placement getDataNodes() {
    return dataNodes;
  }

  public void setDataNodes(Placement dataNodes) {
    this.dataNodes = dataNodes == null ? new Placement() : dataNodes;
  }

  public Placement getSparkDrivers() {
    return sparkDrivers;
  }

  public void setSparkDrivers(Placement sparkDrivers) {
    this.sparkDrivers = sparkDrivers == null ? new Placement() : sparkDrivers;
  }

  public Placement getSparkExecutors() {
    return sparkExecutors;
  }

  public void setSparkExecutors(Placement sparkExecutors) {
    this.sparkExecutors = sparkExecutors == null ? new Placement() : sparkExecutors;
  }

  public Placement getProducer() {
    return producer;
  }

  public void setProducer(Placement producer) {
    this.producer = producer == null ? new Placement() : producer;
  }

  public Placement getKafka() {
    return kafka;
  }

  public void setKafka(Placement kafka) {
    this.kafka = kafka == null ? new Placement() : kafka;
  }
}
