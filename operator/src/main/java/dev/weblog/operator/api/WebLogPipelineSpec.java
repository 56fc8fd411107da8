package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** What the user asks for; every field has a default, so {@code spec: {}} is a working pipeline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebLogPipelineSpec {

  /** Ten minutes: a cold pull of the Spark image (about 1 GB) plus a JVM start fit with room to spare. */
  public static final int DEFAULT_START_TIMEOUT_SECONDS = 600;

  @JsonPropertyDescription("HDFS: run by the operator (Managed) or an existing cluster (External)")
  private HdfsSpec hdfs = new HdfsSpec();
  @JsonPropertyDescription("Kafka: a Strimzi cluster run by the operator (Managed) or existing brokers (External)")
  private KafkaSpec kafka = new KafkaSpec();
  @JsonPropertyDescription("Where the history used for training comes from")
  private DataSpec data = new DataSpec();
  @JsonPropertyDescription("Model training: targets, algorithm, quality gate and optional retraining schedule")
  private TrainingSpec training = new TrainingSpec();
  @JsonPropertyDescription("The Structured Streaming application that scores live lines")
  private StreamingSpec streaming = new StreamingSpec();
  @JsonPropertyDescription("The real-time application that scores live lines into prediction events on Kafka in "
      + "milliseconds, at least once (off by default)")
  private RealtimeSpec realtime = new RealtimeSpec();
  @JsonPropertyDescription("The replay producer that feeds live lines to the topic")
  private ProducerSpec producer = new ProducerSpec();
  @JsonPropertyDescription("How failed batch drivers (ingest, training) are retried")
  private RetrySpec retries = new RetrySpec();
  @JsonPropertyDescription("Container images of the pipeline's programs")
  private ImagesSpec images = new ImagesSpec();
  @JsonPropertyDescription("NetworkPolicies in front of the managed HDFS")
  private NetworkPoliciesSpec networkPolicies = new NetworkPoliciesSpec();
  @JsonPropertyDescription("Where each component's pods run: nodeSelector, tolerations, affinity and "
      + "priorityClassName per component; empty leaves the pods as they are")
  private PlacementSpec placement = new PlacementSpec();
  @JsonPropertyDescription("Seconds a pod of the pipeline (HDFS, Kafka, history loader, Spark driver, producer) may "
      + "take to become ready before its condition turns to reason StartTimeout, with a Warning Event; nothing is "
      + "stopped")
  @Min(30)
  @Default("600")
  private int startTimeoutSeconds = DEFAULT_START_TIMEOUT_SECONDS;
  @JsonPropertyDescription("true stops the producer and every Spark driver gracefully (the stream commits its "
      + "running micro-batch) and starts nothing more; HDFS, Kafka and all data stay. false resumes: the stream "
      + "from its checkpoint, exactly once; an ingest or retrain that fell due meanwhile runs then")
  private boolean suspend;

  public HdfsSpec getHdfs() {
    return hdfs;
  }

  public void setHdfs(HdfsSpec hdfs) {
    this.hdfs = hdfs == null ? new HdfsSpec() : hdfs;
  }

  public KafkaSpec getKafka() {
    return kafka;
  }

  public void setKafka(KafkaSpec kafka) {
    this.kafka = kafka == null ? new KafkaSpec() : kafka;
  }

  public DataSpec getData() {
    return data;
  }

  public void setData(DataSpec data) {
    this.data = data == null ? new DataSpec() : data;
  }

  public TrainingSpec getTraining() {
    return training;
  }

  public void setTraining(TrainingSpec training) {
    this.training = training == null ? new TrainingSpec() : training;
  }

  public StreamingSpec getStreaming() {
    return streaming;
  }

  public void setStreaming(StreamingSpec streaming) {
    this.streaming = streaming == null ? new StreamingSpec() : streaming;
  }

  public RealtimeSpec getRealtime() {
    return realtime;
  }

  public void setRealtime(RealtimeSpec realtime) {
    this.realtime = realtime == null ? new RealtimeSpec() : realtime;
  }

  public ProducerSpec getProducer() {
    return producer;
  }

  public void setProducer(ProducerSpec producer) {
    this.producer = producer == null ? new ProducerSpec() : producer;
  }

  public RetrySpec getRetries() {
    return retries;
  }

  public void setRetries(RetrySpec retries) {
    this.retries = retries == null ? new RetrySpec() : retries;
  }

  public ImagesSpec getImages() {
    return images;
  }

  public void setImages(ImagesSpec images) {
    this.images = images == null ? new ImagesSpec() : images;
  }

  public boolean isSuspend() {
    return suspend;
  }

  public void setSuspend(boolean suspend) {
    this.suspend = suspend;
  }

  public int getStartTimeoutSeconds() {
    return startTimeoutSeconds;
  }

  public void setStartTimeoutSeconds(int startTimeoutSeconds) {
    this.startTimeoutSeconds = startTimeoutSeconds;
  }

  public NetworkPoliciesSpec getNetworkPolicies() {
    return networkPolicies;
  }

  public void setNetworkPolicies(NetworkPoliciesSpec networkPolicies) {
    this.networkPolicies = networkPolicies == null ? new NetworkPoliciesSpec() : networkPolicies;
  }

  public PlacementSpec getPlacement() {
    return placement;
  }

  public void setPlacement(PlacementSpec placement) {
    this.placement = placement == null ? new PlacementSpec() : placement;
  }
}
