package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.operator.api.DataSource;
import dev.weblog.operator.api.Mode;
import dev.weblog.operator.api.WebLogPipelineSpec;
import dev.weblog.operator.reconciler.SpecChange.Action;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecChangeTest {

  static Stream<Arguments> table() {
    return Stream.of(
        row("nothing", s -> {}, Set.of(Action.NONE), ""),
        row("maxDepth", s -> s.getTraining().setMaxDepth(5), Set.of(Action.RETRAIN), "training.maxDepth"),
        row("quality gate", s -> s.getTraining().getQualityGate().setMinAccuracy(0.5), Set.of(Action.RETRAIN), ""),
        row("data rows", s -> s.getData().getGenerator().setRows(5), Set.of(Action.RETRAIN), "data.generator.rows"),
        row("data source", s -> {
          s.getData().setSource(DataSource.URL);
          s.getData().setUrl("https://x.example/a.csv");
        }, Set.of(Action.RETRAIN), "data.url"),
        row("schedule", s -> s.getTraining().setSchedule("@daily"), Set.of(Action.NONE), ""),
        row("retry limit", s -> s.getRetries().setLimit(9), Set.of(Action.NONE), ""),
        row("start timeout", s -> s.setStartTimeoutSeconds(1800), Set.of(Action.NONE), "startTimeoutSeconds"),
        row("trigger", s -> s.getStreaming().setTrigger("5 seconds"), Set.of(Action.RESTART_STREAM), ""),
        row("stream sparkConf", s -> s.getStreaming().getSparkConf().put("spark.x", "1"),
            Set.of(Action.RESTART_STREAM), "streaming.sparkConf.spark.x"),
        // With a slot per partition: SpecChangeRealServerTest plays the rows, and a change must act there.
        row("realtime on", s -> {
          s.getRealtime().setEnabled(true);
          s.getRealtime().getExecutor().setCores(JobContract.DEFAULT_PARTITIONS);
        }, Set.of(Action.RESTART_REALTIME), "realtime.enabled"),
        row("rate", s -> s.getProducer().setRate(9), Set.of(Action.UPDATE_PRODUCER), ""),
        row("datanodes up", s -> s.getHdfs().setDatanodes(3), Set.of(Action.RESIZE), ""),
        row("kafka storage up", s -> s.getKafka().setStorage("20Gi"), Set.of(Action.RESIZE), ""),
        row("network policies off", s -> s.getNetworkPolicies().setEnabled(false),
            Set.of(Action.UPDATE_NETWORK_POLICIES), "networkPolicies.enabled"),
        row("web UI namespaces", s -> s.getHdfs().setWebUiNamespaces(List.of("monitoring")),
            Set.of(Action.UPDATE_NETWORK_POLICIES), "hdfs.webUiNamespaces"),
        row("suspend", s -> s.setSuspend(true), Set.of(Action.SUSPEND), "suspend"),
        row("drift threshold", s -> s.getStreaming().getDrift().setPsiThreshold(0.3), Set.of(Action.RESTART_STREAM),
            "streaming.drift.psiThreshold"),
        row("drift batches", s -> s.getStreaming().getDrift().setBatches(5), Set.of(Action.RESTART_STREAM),
            "streaming.drift.batches"),
        row("retrain on drift", s -> s.getTraining().getRetrain().setOnDrift(true), Set.of(Action.NONE),
            "training.retrain.onDrift"),
        row("recent window", s -> {
          s.getTraining().getRetrain().setRecentWindow("7d");
          s.getTraining().getRetrain().setRecentShare(0.5);
        }, Set.of(Action.NONE), "training.retrain.recentWindow"),
        row("stream driver budget", s -> s.getStreaming().setDisruptionBudget(true), Set.of(Action.NONE),
            "streaming.disruptionBudget"),
        // No priority class in these rows: SpecChangeRealServerTest plays them on a server that has none.
        row("NameNode placement", s -> s.getPlacement().getNameNode().getNodeSelector().put("disk", "ssd"),
            Set.of(Action.RESIZE), "placement.nameNode.nodeSelector.disk"),
        row("DataNode placement", s -> s.getPlacement().getDataNodes().getTolerations().add(new TolerationBuilder()
            .withKey("dedicated").withOperator("Exists").build()), Set.of(Action.RESIZE), "placement.dataNodes"),
        row("Kafka placement", s -> s.getPlacement().getKafka().getNodeSelector().put("topology.kubernetes.io/zone",
            "a"), Set.of(Action.RESIZE), "placement.kafka.nodeSelector.topology.kubernetes.io/zone"),
        row("producer placement", s -> s.getPlacement().getProducer().getNodeSelector().put("pool", "edge"),
            Set.of(Action.UPDATE_PRODUCER), "placement.producer.nodeSelector.pool"),
        row("driver placement", s -> s.getPlacement().getSparkDrivers().setAffinity(new AffinityBuilder()
            .withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
            .addNewMatchExpression().withKey("pool").withOperator("In").withValues("spark").endMatchExpression()
            .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build()),
            Set.of(Action.RESTART_STREAM), "placement.sparkDrivers.affinity"),
        row("executor placement", s -> s.getPlacement().getSparkExecutors().getTolerations().add(
            new TolerationBuilder().withKey("spot").withOperator("Exists").withEffect("NoSchedule").build()),
            Set.of(Action.RESTART_STREAM), "placement.sparkExecutors.tolerations"),
        row("rate and depth", s -> {
          s.getProducer().setRate(9);
          s.getTraining().setMaxDepth(3);
        }, Set.of(Action.RETRAIN, Action.UPDATE_PRODUCER), ""),
        row("datanodes down", s -> s.getHdfs().setDatanodes(0), Set.of(Action.REFUSE), "may only grow"),
        row("kafka storage down", s -> s.getKafka().setStorage("1Gi"), Set.of(Action.REFUSE), "may only grow"),
        row("hdfs base", s -> s.getHdfs().setBase("/x"), Set.of(Action.REFUSE), "hdfs.base cannot change"),
        row("kafka mode", s -> {
          s.getKafka().setMode(Mode.EXTERNAL);
          s.getKafka().setBootstrapServers("k:9092");
        }, Set.of(Action.REFUSE), "kafka.mode"),
        row("topic", s -> s.getKafka().setTopic("other"), Set.of(Action.REFUSE), "kafka.topic"),
        row("kafka security", s -> s.getKafka().setSecurity(dev.weblog.operator.api.KafkaSecurity.PLAIN),
            Set.of(Action.REFUSE), "kafka.security cannot change"),
        row("image", s -> s.getImages().setSparkApps("me/spark:1"), Set.of(Action.REFUSE), "images.sparkApps"),
        row("refusal wins", s -> {
          s.getHdfs().setBase("/x");
          s.getProducer().setRate(9);
        }, Set.of(Action.REFUSE), "still running the previous spec"));
  }

  static Arguments row(String name, Consumer<WebLogPipelineSpec> change, Set<Action> expected, String inMessage) {
    return Arguments.of(name, change, expected, inMessage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void classifies(String name, Consumer<WebLogPipelineSpec> change, Set<Action> expected, String inMessage) {
    WebLogPipelineSpec old = new WebLogPipelineSpec();
    WebLogPipelineSpec now = SpecSections.fromJson(SpecSections.toJson(old));
    change.accept(now);
    SpecChange c = SpecChange.classify(old, now);
    assertEquals(expected, c.actions(), c.message());
    assertTrue(c.message().contains(inMessage), c.message());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void runKeysChangeExactlyWhenTheirActionIsDue(String name, Consumer<WebLogPipelineSpec> change,
      Set<Action> expected, String inMessage) {
    WebLogPipelineSpec old = new WebLogPipelineSpec();
    WebLogPipelineSpec now = SpecSections.fromJson(SpecSections.toJson(old));
    change.accept(now);
    if (expected.contains(Action.REFUSE)) {
      return;
    }
    for (Action a : Set.of(Action.RETRAIN, Action.RESTART_STREAM, Action.RESTART_REALTIME)) {
      assertEquals(expected.contains(a), !SpecSections.key(old, a).equals(SpecSections.key(now, a)), a.name());
    }
  }

  @org.junit.jupiter.api.Test
  void firstReconciliationIsNoChange() {
    assertEquals(Set.of(Action.NONE), SpecChange.classify(null, new WebLogPipelineSpec()).actions());
  }
}
