package dev.weblog.operator.support;

import dev.weblog.operator.api.Algorithm;
import dev.weblog.operator.api.DataSource;
import dev.weblog.operator.api.KafkaSecurity;
import dev.weblog.operator.api.Mode;
import dev.weblog.operator.api.ProducerSource;
import dev.weblog.operator.api.SparkResources;
import dev.weblog.operator.api.TrainingTarget;
import dev.weblog.operator.api.VolumeFile;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** Pipelines the tests build objects from. */
public final class Pipelines {

  public static final String NAMESPACE = "analytics";
  public static final String UID = "6f1c2c1e-0000-4000-8000-000000000001";

  private Pipelines() {}

  /** What {@code metadata.name} plus {@code spec: {}} deserializes to. */
  public static WebLogPipeline minimal(String name) {
    WebLogPipeline p = new WebLogPipeline();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withUid(UID).withGeneration(1L)
        .build());
    return p;
  }

  public static WebLogPipeline minimal() {
    return minimal("demo");
  }

  /** Every section changed from its default. */
  public static WebLogPipeline full() {
    WebLogPipeline p = minimal("full");
    p.getSpec().getHdfs().setDatanodes(3);
    p.getSpec().getHdfs().setStorage("50Gi");
    p.getSpec().getHdfs().setStorageClassName("fast");
    p.getSpec().getHdfs().setBase("/data/weblogs");
    p.getSpec().getHdfs().setWebUiNamespaces(List.of("monitoring"));
    p.getSpec().getKafka().setReplicas(3);
    p.getSpec().getKafka().setStorage("20Gi");
    p.getSpec().getKafka().setVersion("4.1.0");
    p.getSpec().getKafka().setTopic("weblogs");
    p.getSpec().getKafka().setPartitions(6);
    p.getSpec().getData().setSource(DataSource.URL);
    p.getSpec().getData().setUrl("https://data.example.com/logs_201905.csv");
    p.getSpec().getTraining().setTargets(List.of(TrainingTarget.GENDER));
    p.getSpec().getTraining().setAlgorithm(Algorithm.RANDOM_FOREST);
    p.getSpec().getTraining().setMaxDepth(12);
    p.getSpec().getTraining().setNumTrees(50);
    p.getSpec().getTraining().setSchedule("0 3 * * *");
    p.getSpec().getTraining().setDriver(new SparkResources(2, "2g"));
    p.getSpec().getTraining().setSparkConf(Map.of("spark.sql.shuffle.partitions", "8"));
    p.getSpec().getStreaming().setMaxOffsetsPerTrigger(5000L);
    p.getSpec().getStreaming().setExecutors(2);
    p.getSpec().getRealtime().setEnabled(true);
    p.getSpec().getRealtime().setExecutors(3);
    p.getSpec().getRealtime().setExecutor(new SparkResources(2, "2g"));
    p.getSpec().getRealtime().setCheckpointInterval("30 seconds");
    p.getSpec().getProducer().setSource(ProducerSource.VOLUME);
    p.getSpec().getProducer().setVolume(new VolumeFile("replay-data", "live/logs.csv"));
    p.getSpec().getProducer().setRate(20);
    p.getSpec().getImages().setRegistry("registry.example.com:5000/mirror");
    p.getSpec().getImages().setPullSecrets(List.of("regcred"));
    return p;
  }

  /** Existing HDFS and Kafka (TLS with SCRAM, the client's and the CA's Secrets named); history from a volume. */
  public static WebLogPipeline external() {
    WebLogPipeline p = minimal("ext");
    p.getSpec().getHdfs().setMode(Mode.EXTERNAL);
    p.getSpec().getHdfs().setUri("hdfs://namenode.data.svc:8020");
    p.getSpec().getKafka().setMode(Mode.EXTERNAL);
    p.getSpec().getKafka().setBootstrapServers("kafka-0.kafka:9092,kafka-1.kafka:9092");
    p.getSpec().getKafka().setUserSecret("weblog-kafka-user");
    p.getSpec().getKafka().setCaSecret("kafka-cluster-ca-cert");
    p.getSpec().getData().setSource(DataSource.VOLUME);
    p.getSpec().getData().setVolume(new VolumeFile("history", "2019-05"));
    return p;
  }

  /** The default pipeline with Kafka's security turned off: plain listener, no users, no mounted Secrets. */
  public static WebLogPipeline plainKafka() {
    WebLogPipeline p = minimal("plain");
    p.getSpec().getKafka().setSecurity(KafkaSecurity.PLAIN);
    return p;
  }
}
