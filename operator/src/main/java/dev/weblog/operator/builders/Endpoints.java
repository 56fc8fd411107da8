package dev.weblog.operator.builders;

import dev.weblog.common.HdfsLayout;
import dev.weblog.operator.api.HdfsSpec;
import dev.weblog.operator.api.KafkaSpec;
import dev.weblog.operator.api.WebLogPipeline;

/** The addresses the jobs and the producer use: the managed services' names, or what the user gave. */
public final class Endpoints {

  public static final int NAMENODE_RPC_PORT = 8020;
  public static final int NAMENODE_HTTP_PORT = 9870;
  public static final int DATANODE_DATA_PORT = 9866;
  public static final int DATANODE_HTTP_PORT = 9864;
  public static final int DATANODE_IPC_PORT = 9867;
  /** The managed Kafka's client listener: plain, or TLS with SCRAM-SHA-512 (the default). */
  public static final int KAFKA_PLAIN_PORT = 9092;
  public static final int KAFKA_TLS_PORT = 9093;

  private Endpoints() {}

  public static String hdfsUri(WebLogPipeline p) {
    HdfsSpec hdfs = p.getSpec().getHdfs();
    if (!hdfs.isManaged()) {
      return hdfs.getUri().replaceAll("/+$", "");
    }
    return "hdfs://" + serviceHost(p, Names.hdfsClient(p)) + ":" + NAMENODE_RPC_PORT;
  }

  public static String bootstrapServers(WebLogPipeline p) {
    KafkaSpec kafka = p.getSpec().getKafka();
    if (!kafka.isManaged()) {
      return kafka.getBootstrapServers();
    }
    // Strimzi's bootstrap Service is always named <cluster>-kafka-bootstrap.
    return serviceHost(p, Names.kafkaCluster(p) + "-kafka-bootstrap") + ":" + kafkaPort(p);
  }

  public static int kafkaPort(WebLogPipeline p) {
    return p.getSpec().getKafka().isSecured() ? KAFKA_TLS_PORT : KAFKA_PLAIN_PORT;
  }

  public static HdfsLayout layout(WebLogPipeline p) {
    return new HdfsLayout(p.getSpec().getHdfs().getBase());
  }

  /** Namespace-qualified without the cluster domain, which differs between clusters. */
  private static String serviceHost(WebLogPipeline p, String service) {
    return service + "." + p.getMetadata().getNamespace() + ".svc";
  }
}
