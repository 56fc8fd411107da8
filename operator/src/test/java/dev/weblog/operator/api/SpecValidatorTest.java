package dev.weblog.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.support.Pipelines;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  @Test
  void theDefaultsAndTheTestPipelinesAreValid() {
    assertEquals(List.of(), SpecValidator.problems(new WebLogPipelineSpec()));
    assertEquals(List.of(), SpecValidator.problems(Pipelines.full().getSpec()));
    assertEquals(List.of(), SpecValidator.problems(Pipelines.external().getSpec()));
  }

  @Test
  void externalServicesNeedTheirAddressesAndManagedOnesRefuseThem() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getHdfs().setMode(Mode.EXTERNAL);
    spec.getKafka().setBootstrapServers("kafka:9092");
    assertEquals(List.of(Rules.HDFS_EXTERNAL_NEEDS_URI_MSG, Rules.KAFKA_MANAGED_NO_SERVERS_MSG),
        SpecValidator.problems(spec));

    spec.getHdfs().setMode(Mode.MANAGED);
    spec.getHdfs().setUri("hdfs://nn:8020");
    spec.getKafka().setMode(Mode.EXTERNAL);
    spec.getKafka().setBootstrapServers(null);
    assertEquals(List.of(Rules.HDFS_MANAGED_NO_URI_MSG, Rules.KAFKA_EXTERNAL_NEEDS_SERVERS_MSG,
        Rules.KAFKA_EXTERNAL_TLS_NEEDS_SECRETS_MSG), SpecValidator.problems(spec));
  }

  @Test
  void anExternalKafkaIsSecuredWithNamedSecretsUnlessPlainAndOnlyItNamesSecrets() {
    WebLogPipelineSpec spec = Pipelines.external().getSpec();
    spec.getKafka().setCaSecret(null);
    assertEquals(List.of(Rules.KAFKA_EXTERNAL_TLS_NEEDS_SECRETS_MSG), SpecValidator.problems(spec));
    spec.getKafka().setSecurity(KafkaSecurity.PLAIN);
    assertEquals(List.of(Rules.KAFKA_SECRETS_ONLY_EXTERNAL_TLS_MSG), SpecValidator.problems(spec),
        "a Plain Kafka names no user Secret");
    spec.getKafka().setUserSecret(null);
    assertEquals(List.of(), SpecValidator.problems(spec));

    WebLogPipelineSpec managed = new WebLogPipelineSpec();
    managed.getKafka().setCaSecret("my-ca");
    assertEquals(List.of(Rules.KAFKA_SECRETS_ONLY_EXTERNAL_TLS_MSG), SpecValidator.problems(managed),
        "a Managed Kafka's Secrets are Strimzi's");
    managed.getKafka().setCaSecret("Not_A_Name");
    assertTrue(
        SpecValidator.problems(managed).stream().anyMatch(s -> s.startsWith("spec.kafka.caSecret 'Not_A_Name'")));
    managed.getKafka().setCaSecret(null);
    managed.getKafka().setSecurity(null);
    assertEquals(List.of("spec.kafka.security must be set (null is not one of its values)"),
        SpecValidator.problems(managed));
  }

  @Test
  void sourcesNeedTheirLocationAndOnlyTheirs() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getData().setSource(DataSource.URL);
    spec.getData().setVolume(new VolumeFile("pvc", "a.csv"));
    spec.getProducer().setSource(ProducerSource.VOLUME);
    assertEquals(List.of(Rules.DATA_URL_IFF_URL_MSG, Rules.DATA_VOLUME_IFF_VOLUME_MSG,
        Rules.PRODUCER_VOLUME_IFF_VOLUME_MSG), SpecValidator.problems(spec));
  }

  @Test
  void targetsMustNotRepeatAndSparkConfMustNotSetPodTemplates() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getTraining().setTargets(List.of(TrainingTarget.GENDER, TrainingTarget.GENDER));
    spec.getTraining().setSparkConf(Map.of("spark.kubernetes.executor.podTemplateFile", "/t.yaml"));
    assertEquals(List.of("training." + Rules.NO_POD_TEMPLATES_MSG, Rules.TARGETS_UNIQUE_MSG),
        SpecValidator.problems(spec));
  }

  @Test
  void fieldConstraintsOfTheSchemaAreCheckedWithTheFieldsPath() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getHdfs().setDatanodes(0);
    spec.getKafka().setTopic("no spaces allowed");
    spec.getStreaming().getExecutor().setMemory("2GB");
    spec.getTraining().getQualityGate().setMinAccuracy(1.5);
    spec.getTraining().setTargets(List.of());
    spec.getData().setSource(null);
    spec.getHdfs().setWebUiNamespaces(List.of("monitoring", "Not_A_Namespace"));
    List<String> problems = SpecValidator.problems(spec);
    assertTrue(problems.stream().anyMatch(s -> s.startsWith("spec.hdfs.datanodes is 0")), problems.toString());
    assertTrue(problems.stream().anyMatch(s -> s.startsWith("spec.kafka.topic 'no spaces allowed'")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(s -> s.startsWith("spec.streaming.executor.memory '2GB'")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(s -> s.startsWith("spec.training.qualityGate.minAccuracy is 1.5")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(s -> s.startsWith("spec.training.targets has 0 items")), problems.toString());
    assertTrue(problems.stream().anyMatch(s -> s.startsWith("spec.data.source must be set")), problems.toString());
    assertTrue(problems.stream().anyMatch(s -> s.startsWith("spec.hdfs.webUiNamespaces item 'Not_A_Namespace'")),
        problems.toString());
    assertTrue(problems.stream().noneMatch(s -> s.contains("'monitoring'")), problems.toString());
  }

  @Test
  void aMissingVolumeClaimNameIsReportedWhereItIsMissing() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getData().setSource(DataSource.VOLUME);
    spec.getData().setVolume(new VolumeFile(null, "a.csv"));
    assertEquals(List.of("spec.data.volume.claimName is required"), SpecValidator.problems(spec));
  }
}
