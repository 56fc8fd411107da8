package dev.weblog.operator.builders;

/** The pipeline's Kafka clients, each with its own Kafka user when Kafka is managed and secured. */
public enum KafkaClient {
  PRODUCER("producer"),
  STREAM("stream"),
  REALTIME("realtime");

  private final String id;

  KafkaClient(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
