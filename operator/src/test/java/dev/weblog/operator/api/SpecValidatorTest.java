package dev.weblog.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
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
  void driftAndRetrainDefaultsAreTheJobsAndTheirBoundsAreNamed() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    assertEquals(dev.weblog.common.monitor.DriftRule.DEFAULTS, spec.getStreaming().getDrift().rule());
    RetrainSpec retrain = spec.getTraining().getRetrain();
    assertEquals(List.of(false, "24h", 0.8, 0.2), List.of(retrain.isOnDrift(), retrain.getRecentWindow(),
        retrain.getRecentShare(), retrain.getRecentHoldout()));

    spec.getStreaming().getDrift().setPsiThreshold(0);
    spec.getStreaming().getDrift().setAccuracyDrop(0.9);
    spec.getStreaming().getDrift().setBatches(0);
    spec.getStreaming().getDrift().setMinLabelled(0);
    retrain.setRecentWindow("1 day");
    retrain.setRecentShare(1.5);
    retrain.setRecentHoldout(-0.1);
    List<String> problems = SpecValidator.problems(spec);
    for (String field : List.of("spec.streaming.drift.psiThreshold is 0.0, less than the minimum 0.01",
        "spec.streaming.drift.accuracyDrop is 0.9, more than the maximum 0.5",
        "spec.streaming.drift.batches is 0, less than the minimum 1.0",
        "spec.streaming.drift.minLabelled is 0, less than the minimum 1.0",
        "spec.training.retrain.recentWindow '1 day' does not match",
        "spec.training.retrain.recentShare is 1.5, more than the maximum 1.0",
        "spec.training.retrain.recentHoldout is -0.1, less than the minimum 0.0")) {
      assertTrue(problems.stream().anyMatch(p -> p.startsWith(field)), field + " in " + problems);
    }
    assertEquals(7, problems.size(), problems.toString());
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
  void theRealtimeJobNeedsATaskSlotPerPartitionAndTopicsOfItsOwn() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getRealtime().getExecutor().setCores(1);
    assertEquals(List.of(), SpecValidator.problems(spec), "off: its sizes do not matter");
    spec.getRealtime().setEnabled(true);
    spec.getRealtime().setPredictionsTopic(spec.getKafka().getTopic());
    List<String> problems = SpecValidator.problems(spec);
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("realtime.executors (1) x realtime.executor.cores (1) = 1 task slots, "
        + "fewer than kafka.partitions (3)"), problems.get(0));
    assertTrue(problems.get(1).contains("three different topics"), problems.get(1));
    spec.getRealtime().setPredictionsTopic("events");
    spec.getRealtime().setExecutors(3);
    assertEquals(List.of(), SpecValidator.problems(spec));
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
  void aDriftShiftsOnlyGeneratedLines() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getProducer().setDriftAt(5_000);
    assertEquals(List.of(), SpecValidator.problems(spec));
    spec.getProducer().setSource(ProducerSource.VOLUME);
    spec.getProducer().setVolume(new VolumeFile("pvc", "live.csv"));
    List<String> problems = SpecValidator.problems(spec);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("producer.driftAt (5000) shifts generated lines"), problems.get(0));
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

  @Test
  void aFullPlacementOnEveryComponentIsValid() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getPlacement().byField().values().forEach(p -> {
      p.getNodeSelector().put("topology.kubernetes.io/zone", "eu-1a");
      p.getTolerations().add(new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("weblog")
          .withEffect("NoSchedule").build());
      p.getTolerations().add(new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists")
          .withEffect("NoExecute").withTolerationSeconds(60L).build());
      p.getTolerations().add(new TolerationBuilder().withOperator("Exists").build());
      p.setAffinity(new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
          .addNewNodeSelectorTerm().addNewMatchExpression().withKey("pool").withOperator("In").withValues("data")
          .endMatchExpression().endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
          .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(50).withNewPreference()
          .addNewMatchExpression().withKey("cpu-count").withOperator("Gt").withValues("8").endMatchExpression()
          .endPreference().endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
          .withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
          .withTopologyKey("kubernetes.io/hostname").withNewLabelSelector().addToMatchLabels("app", "hdfs")
          .endLabelSelector().endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build());
      p.setPriorityClassName("weblog.high-priority");
    });
    assertEquals(List.of(), SpecValidator.problems(spec));
  }

  @Test
  void tolerationsAreHeldToTheApiServersRulesAndEachRefusalNamesItsToleration() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getPlacement().getProducer().setTolerations(List.of(
        new TolerationBuilder().withKey("dedicated").withOperator("Exists").withValue("weblog").build(),
        new TolerationBuilder().withKey("dedicated").withOperator("Matches").withValue("weblog").build(),
        new TolerationBuilder().withKey("dedicated").withValue("weblog").withEffect("NoWay").build(),
        new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("weblog")
            .withEffect("NoSchedule").withTolerationSeconds(30L).build(),
        new TolerationBuilder().withValue("weblog").build(),
        new TolerationBuilder().withKey("bad key!").withOperator("Exists").build(),
        new TolerationBuilder().withKey("dedicated").withValue("not a value").build()));
    assertEquals(List.of(
        "spec.placement.producer.tolerations[0]: value must be empty when operator is Exists (it is 'weblog')",
        "spec.placement.producer.tolerations[1].operator: 'Matches' is not one of Equal, Exists (or empty: Equal)",
        "spec.placement.producer.tolerations[2].effect: 'NoWay' is not one of NoSchedule, PreferNoSchedule, "
            + "NoExecute (or empty: all)",
        "spec.placement.producer.tolerations[3]: tolerationSeconds is only for effect NoExecute (it says how long a "
            + "pod stays on a node that gets the taint)",
        "spec.placement.producer.tolerations[4]: operator must be Exists when key is empty (that tolerates every "
            + "taint)"),
        SpecValidator.problems(spec).subList(0, 5));
    List<String> problems = SpecValidator.problems(spec);
    assertTrue(problems.get(5).startsWith("spec.placement.producer.tolerations[5].key: 'bad key!' is not a label key"),
        problems.toString());
    assertTrue(problems.get(6).startsWith("spec.placement.producer.tolerations[6].value: 'not a value' is not a "
        + "label value"), problems.toString());
    assertEquals(7, problems.size(), problems.toString());
  }

  @Test
  void nodeSelectorsNeedLabelKeysAndValues() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getPlacement().getNameNode().getNodeSelector().put("example.com/disk", "ssd");
    spec.getPlacement().getNameNode().getNodeSelector().put("Not_A.Domain/disk", "ssd");
    spec.getPlacement().getDataNodes().getNodeSelector().put("a/b/c", "ssd");
    spec.getPlacement().getDataNodes().getNodeSelector().put("disk", "-ssd");
    spec.getPlacement().getKafka().getNodeSelector().put("x".repeat(64), "");
    List<String> problems = SpecValidator.problems(spec);
    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("spec.placement.nameNode.nodeSelector: 'Not_A.Domain/disk' is not a "
        + "label key"), problems.toString());
    assertTrue(problems.get(1).startsWith("spec.placement.dataNodes.nodeSelector: 'a/b/c' is not a label key"),
        problems.toString());
    assertTrue(problems.get(2).startsWith("spec.placement.dataNodes.nodeSelector[disk]: '-ssd' is not a label "
        + "value"), problems.toString());
    assertTrue(problems.get(3).startsWith("spec.placement.kafka.nodeSelector: '" + "x".repeat(64) + "' is not a "
        + "label key"), problems.toString());
  }

  @Test
  void aPriorityClassNameIsADnsSubdomain() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getPlacement().getSparkDrivers().setPriorityClassName("High_Priority");
    spec.getPlacement().getSparkExecutors().setPriorityClassName("a".repeat(254));
    List<String> problems = SpecValidator.problems(spec);
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("spec.placement.sparkDrivers.priorityClassName 'High_Priority' does not "
        + "match"), problems.toString());
    assertEquals("spec.placement.sparkExecutors.priorityClassName: 254 characters, more than the 253 of a DNS-1123 "
        + "subdomain", problems.get(1));
  }

  @Test
  void affinitiesAreRefusedWhereTheApiServerWouldRefuseThem() {
    WebLogPipelineSpec spec = new WebLogPipelineSpec();
    spec.getPlacement().getSparkExecutors().setAffinity(new AffinityBuilder().withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
        .addNewMatchExpression().withKey("pool").withOperator("In").endMatchExpression()
        .addNewMatchExpression().withKey("pool").withOperator("Exists").withValues("x").endMatchExpression()
        .addNewMatchExpression().withKey("cores").withOperator("Gt").withValues("many").endMatchExpression()
        .addNewMatchExpression().withKey("pool").withOperator("Near").withValues("x").endMatchExpression()
        .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(0).withNewPreference().endPreference()
        .endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
        .withNewPodAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution().withNewLabelSelector()
        .addNewMatchExpression().withKey("app").withOperator("Gt").withValues("1").endMatchExpression()
        .endLabelSelector().endRequiredDuringSchedulingIgnoredDuringExecution().endPodAffinity().build());
    String node = "spec.placement.sparkExecutors.affinity.nodeAffinity.";
    String term = node + "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions";
    String pod = "spec.placement.sparkExecutors.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]";
    assertEquals(List.of(
        term + "[0]: operator In needs values",
        term + "[1]: operator Exists takes no values",
        term + "[2]: operator Gt takes exactly one integer value",
        term + "[3].operator: 'Near' is not one of DoesNotExist, Exists, Gt, In, Lt, NotIn",
        node + "preferredDuringSchedulingIgnoredDuringExecution[0].weight: 0 is not between 1 and 100",
        pod + ".topologyKey is required (the node label that says what \"together\" means, e.g. "
            + "kubernetes.io/hostname)",
        pod + ".labelSelector.matchExpressions[0].operator: 'Gt' is not one of DoesNotExist, Exists, In, NotIn"),
        SpecValidator.problems(spec));
  }

  @Test
  void anEmptyPlacementSerializesToNothingSoStoredSpecsAreUnchanged() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(new Placement());
    assertEquals("{}", json);
  }
}
