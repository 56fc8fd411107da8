package dev.weblog.operator.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The problems with a spec, in the words the CRD uses: its cross-field CEL rules ({@link Rules}) and the
 * per-field constraints of the annotations ({@link FieldConstraints}). The API server enforces the same rules,
 * but the operator must not trust that (CRD installed without validation, older CRD, tests without a server).
 * Placement also gets the rules the API server applies to a pod's scheduling fields ({@link PlacementValidator}).
 */
public final class SpecValidator {

  private SpecValidator() {}

  /** Empty when the spec is valid; otherwise one line per problem naming the field. */
  public static List<String> problems(WebLogPipelineSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return problems;
    }
    FieldConstraints.check(spec, "spec", problems);
    crossField(spec, problems);
    spec.getPlacement().byField()
        .forEach((name, placement) -> PlacementValidator.check(placement, "spec.placement." + name,
            problems));
    return problems;
  }

  private static void crossField(WebLogPipelineSpec spec, List<String> problems) {
    HdfsSpec hdfs = spec.getHdfs();
    rule(hdfs.getMode() != Mode.EXTERNAL || hdfs.getUri() != null, Rules.HDFS_EXTERNAL_NEEDS_URI_MSG, problems);
    rule(hdfs.getMode() != Mode.MANAGED || hdfs.getUri() == null, Rules.HDFS_MANAGED_NO_URI_MSG, problems);

    KafkaSpec kafka = spec.getKafka();
    rule(kafka.getMode() != Mode.EXTERNAL || kafka.getBootstrapServers() != null,
        Rules.KAFKA_EXTERNAL_NEEDS_SERVERS_MSG, problems);
    rule(kafka.getMode() != Mode.MANAGED || kafka.getBootstrapServers() == null,
        Rules.KAFKA_MANAGED_NO_SERVERS_MSG, problems);
    boolean externalTls = kafka.getMode() == Mode.EXTERNAL && kafka.getSecurity() == KafkaSecurity.TLS_SCRAM;
    rule(!externalTls || (kafka.getUserSecret() != null && kafka.getCaSecret() != null),
        Rules.KAFKA_EXTERNAL_TLS_NEEDS_SECRETS_MSG, problems);
    rule(externalTls || (kafka.getUserSecret() == null && kafka.getCaSecret() == null),
        Rules.KAFKA_SECRETS_ONLY_EXTERNAL_TLS_MSG, problems);

    DataSpec data = spec.getData();
    rule((data.getSource() == DataSource.URL) == (data.getUrl() != null), Rules.DATA_URL_IFF_URL_MSG, problems);
    rule((data.getSource() == DataSource.VOLUME) == (data.getVolume() != null),
        Rules.DATA_VOLUME_IFF_VOLUME_MSG, problems);

    ProducerSpec producer = spec.getProducer();
    rule((producer.getSource() == ProducerSource.VOLUME) == (producer.getVolume() != null),
        Rules.PRODUCER_VOLUME_IFF_VOLUME_MSG, problems);
    rule(producer.getDriftAt() == 0 || producer.getSource() == ProducerSource.GENERATOR, "producer.driftAt ("
        + producer.getDriftAt() + ") shifts generated lines; source " + producer.getSource() + " replays a file as it "
        + "is: set driftAt to 0 or use source Generator", problems);

    rule(noPodTemplates(spec.getTraining().getSparkConf()), "training." + Rules.NO_POD_TEMPLATES_MSG, problems);
    rule(noPodTemplates(spec.getStreaming().getSparkConf()), "streaming." + Rules.NO_POD_TEMPLATES_MSG, problems);
    rule(noPodTemplates(spec.getRealtime().getSparkConf()), "realtime." + Rules.NO_POD_TEMPLATES_MSG, problems);
    RealtimeSpec realtime = spec.getRealtime();
    rule(!realtime.isEnabled() || realtime.taskSlots() >= kafka.getPartitions(), "realtime.executors ("
        + realtime.getExecutors() + ") x realtime.executor.cores (" + realtime.getExecutor().getCores() + ") = "
        + realtime.taskSlots() + " task slots, fewer than kafka.partitions (" + kafka.getPartitions() + "): Spark's "
        + "real-time mode runs one long-running task per partition; raise either, or lower the partitions", problems);
    rule(!realtime.isEnabled() || distinct(kafka.getTopic(), realtime.getPredictionsTopic(),
        realtime.getQuarantineTopic()), "realtime.predictionsTopic, realtime.quarantineTopic and kafka.topic must "
            + "be three different topics",
        problems);

    List<TrainingTarget> targets = spec.getTraining().getTargets();
    rule(targets == null || targets.stream().distinct().count() == targets.size(), Rules.TARGETS_UNIQUE_MSG,
        problems);
  }

  private static boolean distinct(String... topics) {
    return java.util.Arrays.stream(topics).distinct().count() == topics.length;
  }

  private static boolean noPodTemplates(Map<String, String> sparkConf) {
    return !sparkConf.containsKey("spark.kubernetes.driver.podTemplateFile")
        && !sparkConf.containsKey("spark.kubernetes.executor.podTemplateFile");
  }

  private static void rule(boolean holds, String message, List<String> problems) {
    if (!holds) {
      problems.add(message);
    }
  }
}
