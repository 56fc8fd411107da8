package dev.weblog.operator.builders;

import static dev.weblog.operator.builders.BuilderAssertions.assertOwnedAndLabelled;
import static dev.weblog.operator.builders.BuilderAssertions.assertRestricted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import dev.weblog.operator.api.DriftStatus;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.api.WebLogPipelineStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SparkAppBuilderTest {

  private final WebLogPipeline p = Pipelines.full();

  @Test
  void appIdAndDriverNameAreDeterministicPerPipelineStageAndAttempt() {
    SparkApp first = SparkAppBuilder.build(p, SparkStage.train(Target.GENDER), 1);
    SparkApp again = SparkAppBuilder.build(p, SparkStage.train(Target.GENDER), 1);
    assertEquals("full-train-gender-1", first.appId());
    assertEquals("full-train-gender-1-driver", first.driver().getMetadata().getName());
    assertEquals(first.driver(), again.driver());
    assertEquals(first.sparkConf(), again.sparkConf());
    assertEquals("full-train-gender-2", SparkAppBuilder.build(p, SparkStage.train(Target.GENDER), 2).appId());
    assertEquals("full-train-gender-1",
        first.driver().getMetadata().getLabels().get("spark-app-selector"));
  }

  @Test
  void sparkConfCarriesNoBuildTimeSoEqualSpecsGiveEqualConfigMaps() {
    String properties = SparkAppBuilder.build(p, SparkStage.ingest(), 1).sparkConf().getData().values().stream()
        .collect(java.util.stream.Collectors.joining("\n"));
    assertTrue(properties.contains("spark.driver.port"), properties);
    assertTrue(properties.lines().noneMatch(line -> line.matches("#\\w{3} \\w{3} .*\\d{4}")), properties);
  }

  @Test
  void driverRunsTheContractsMainClassWithThePipelinesHdfsAndKafka() {
    Container driver = driverContainer(SparkAppBuilder.build(p, SparkStage.stream(), 1));
    List<String> args = driver.getArgs();
    assertTrue(args.containsAll(List.of("driver", "--class", JobContract.STREAM_MAIN, Images.SPARK_APPS_JAR)),
        args.toString());
    assertOption(args, JobContract.OPT_HDFS, "hdfs://full-hdfs.analytics.svc:8020");
    assertOption(args, JobContract.OPT_BASE, "/data/weblogs");
    assertOption(args, JobContract.OPT_BOOTSTRAP, "full-kafka-kafka-bootstrap.analytics.svc:9093");
    assertOption(args, JobContract.OPT_TOPIC, "weblogs");
    assertOption(args, JobContract.OPT_MAX_OFFSETS, "5000");
    assertEquals("registry.example.com:5000/mirror/weblog/spark-apps:" + Images.operatorVersion(), driver.getImage());
  }

  @Test
  void trainArgsCarryTargetAlgorithmAndQualityGate() {
    List<String> args = JobArgs.of(p, SparkStage.train(Target.GENDER));
    assertOption(args, JobContract.OPT_TARGET, "gender");
    assertOption(args, JobContract.OPT_ALGORITHM, "random_forest");
    assertOption(args, JobContract.OPT_NUM_TREES, "50");
    assertOption(args, JobContract.OPT_MIN_ACCURACY, "0.2");
    assertOption(args, JobContract.OPT_MAX_REGRESSION, "0.02");
    assertOption(args, JobContract.OPT_MAX_DEPTH, "12");
    List<String> auto = JobArgs.of(Pipelines.minimal(), SparkStage.train(Target.AGE_GROUP));
    assertOption(auto, JobContract.OPT_ALGORITHM, "auto");
    assertTrue(!auto.contains(JobContract.OPT_NUM_TREES) && !auto.contains(JobContract.OPT_MAX_DEPTH),
        "auto searches its own depths and forest: " + auto);
    List<String> ingest = new java.util.ArrayList<>(JobContract.ingestArgs("hdfs://namenode.data.svc:8020",
        dev.weblog.common.HdfsLayout.defaults()));
    ingest.addAll(List.of(JobContract.OPT_METRICS_PORT, Integer.toString(JobContract.DRIVER_METRICS_PORT)));
    assertEquals(ingest, JobArgs.of(Pipelines.external(), SparkStage.ingest()));
  }

  @Test
  void theStreamGetsTheDriftRuleAndEveryTrainRunTheRecentWindow() {
    WebLogPipeline q = Pipelines.minimal();
    q.getSpec().getStreaming().getDrift().setPsiThreshold(0.25);
    q.getSpec().getStreaming().getDrift().setBatches(5);
    List<String> stream = JobArgs.of(q, SparkStage.stream());
    assertOption(stream, JobContract.OPT_DRIFT_PSI, "0.25");
    assertOption(stream, JobContract.OPT_DRIFT_ACCURACY_DROP, "0.05");
    assertOption(stream, JobContract.OPT_DRIFT_BATCHES, "5");
    assertOption(stream, JobContract.OPT_DRIFT_MIN_LINES, "1000");
    assertOption(stream, JobContract.OPT_DRIFT_MIN_LABELLED, "200");

    q.getSpec().getTraining().getRetrain().setRecentWindow("7d");
    List<String> train = JobArgs.of(q, SparkStage.train(Target.GENDER));
    assertOption(train, JobContract.OPT_RECENT_WINDOW, "7d");
    assertOption(train, JobContract.OPT_RECENT_SHARE, "0.8");
    assertOption(train, JobContract.OPT_RECENT_HOLDOUT, "0.2");
    assertFalse(train.contains(JobContract.OPT_RECENT_SINCE), "no drift retrain: the whole window " + train);
  }

  @Test
  void aRetrainDriftStartedLearnsFromTheLinesSinceTheDriftBeganAndNoOtherRunDoes() {
    WebLogPipeline q = Pipelines.minimal();
    q.setStatus(new WebLogPipelineStatus());
    DriftStatus drift = new DriftStatus();
    drift.setRetrainKey("abc-0-drift1");
    drift.setRecentSince("2026-01-05T10:00:00Z");
    q.getStatus().setDrift(drift);
    StageStatus st = new StageStatus();
    st.setRunKey("abc-0-drift1");
    q.getStatus().getStages().put(SparkStage.train(Target.GENDER).id(), st);
    assertOption(JobArgs.of(q, SparkStage.train(Target.GENDER)), JobContract.OPT_RECENT_SINCE,
        "2026-01-05T10:00:00Z");
    assertFalse(JobArgs.of(q, SparkStage.train(Target.AGE_GROUP)).contains(JobContract.OPT_RECENT_SINCE),
        "a stage without that run");
    st.setRunKey("def-0-drift1");
    assertFalse(JobArgs.of(q, SparkStage.train(Target.GENDER)).contains(JobContract.OPT_RECENT_SINCE),
        "a spec change superseded the drift retrain");
  }

  @Test
  void noDriverRestartsInPlaceTheOperatorStartsANewAttemptInstead() {
    assertEquals("Never", SparkAppBuilder.build(p, SparkStage.ingest(), 1).driver().getSpec().getRestartPolicy());
    assertEquals("Never",
        SparkAppBuilder.build(p, SparkStage.train(Target.AGE_GROUP), 1).driver().getSpec().getRestartPolicy());
    assertEquals("Never", SparkAppBuilder.build(p, SparkStage.stream(), 1).driver().getSpec().getRestartPolicy());
  }

  @Test
  void streamDriverIsGivenTimeToFinishItsMicroBatchOnStop() {
    long grace = SparkAppBuilder.build(p, SparkStage.stream(), 1).driver().getSpec().getTerminationGracePeriodSeconds();
    assertTrue(grace > JobContract.DEFAULT_STOP_TIMEOUT_SECONDS, "grace " + grace + " s");
    assertNull(SparkAppBuilder.build(p, SparkStage.ingest(), 1).driver().getSpec().getTerminationGracePeriodSeconds());
  }

  @ParameterizedTest
  @MethodSource("stages")
  void everyDriverServesItsMetricsWhereTheScrapeAnnotationsSay(SparkStage stage) {
    SparkApp app = SparkAppBuilder.build(p, stage, 1);
    Map<String, String> annotations = app.driver().getMetadata().getAnnotations();
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals(JobContract.METRICS_PATH, annotations.get("prometheus.io/path"));
    int port = Integer.parseInt(annotations.get("prometheus.io/port"));
    assertTrue(driverContainer(app).getPorts().stream().anyMatch(cp -> cp.getContainerPort() == port
        && "metrics".equals(cp.getName()) && "TCP".equals(cp.getProtocol())), "the container declares the port");
    List<String> args = driverContainer(app).getArgs();
    assertEquals(Integer.toString(port), args.get(args.indexOf(JobContract.OPT_METRICS_PORT) + 1),
        "the driver serves on the annotated port");
  }

  static List<SparkStage> stages() {
    return List.of(SparkStage.ingest(), SparkStage.train(Target.GENDER), SparkStage.stream());
  }

  @Test
  void driverUsesTheSparkServiceAccountRestrictedSecurityAndTheSpecsSize() {
    SparkApp app = SparkAppBuilder.build(p, SparkStage.train(Target.GENDER), 1);
    Pod pod = app.driver();
    assertEquals("full-spark", pod.getSpec().getServiceAccountName());
    assertRestricted(pod.getSpec(), Images.SPARK_UID);
    Container driver = driverContainer(app);
    assertEquals("2", driver.getResources().getLimits().get("cpu").toString());
    assertEquals("2", driver.getResources().getRequests().get("cpu").toString());
    assertTrue(driver.getResources().getLimits().containsKey("memory"));
    assertTrue(driver.getEnv().stream().anyMatch(e -> e.getName().equals("SPARK_USER")
        && e.getValue().equals(HdfsAccess.JOBS_USER)));
    assertEquals(1, driver.getEnv().stream().filter(e -> e.getName().equals("SPARK_USER")).count());
    assertEquals(List.of("regcred"), pod.getSpec().getImagePullSecrets().stream().map(r -> r.getName()).toList());
  }

  @Test
  void aFractionalCpuRequestReservesLessThanTheCoresSparkRuns() throws Exception {
    p.getSpec().getTraining().getDriver().setCpuRequest("250m");
    p.getSpec().getTraining().getExecutor().setCpuRequest("100m");
    SparkApp app = SparkAppBuilder.build(p, SparkStage.train(Target.GENDER), 1);
    Container driver = driverContainer(app);
    assertEquals("250m", driver.getResources().getRequests().get("cpu").toString());
    assertEquals("2", driver.getResources().getLimits().get("cpu").toString());
    Properties props = new Properties();
    props.load(new StringReader(app.sparkConf().getData().get("spark.properties")));
    assertEquals("2", props.getProperty("spark.driver.cores"));
    assertEquals("100m", props.getProperty("spark.kubernetes.executor.request.cores"));
    assertEquals(props.getProperty("spark.executor.cores"), props.getProperty("spark.kubernetes.executor.limit.cores"));
  }

  @Test
  void confMapCarriesTheSparkPropertiesTheDriverReads() throws Exception {
    SparkApp app = SparkAppBuilder.build(p, SparkStage.train(Target.GENDER), 1);
    Properties props = new Properties();
    props.load(new StringReader(app.sparkConf().getData().get("spark.properties")));
    assertEquals("full-train-gender-1", props.getProperty("spark.app.id"));
    assertEquals("analytics", props.getProperty("spark.kubernetes.namespace"));
    assertEquals("true", props.getProperty("spark.kubernetes.submitInDriver"));
    assertEquals(Images.SPARK_APPS_JAR, props.getProperty("spark.jars"), "executors would lack the jobs' classes");
    assertEquals("8", props.getProperty("spark.sql.shuffle.partitions"));
    assertEquals("/opt/spark/pod-templates/executor.yaml",
        props.getProperty("spark.kubernetes.executor.podTemplateFile"));
    assertTrue(app.driver().getSpec().getVolumes().stream()
        .anyMatch(v -> v.getConfigMap() != null
            && v.getConfigMap().getName().equals(app.sparkConf().getMetadata().getName())));
  }

  @Test
  void executorsGetTheRestrictedProfileThroughAMountedTemplate() {
    SparkApp app = SparkAppBuilder.build(p, SparkStage.stream(), 1);
    Pod template = Serialization.unmarshal(app.executorTemplate().getData().get("executor.yaml"), Pod.class);
    assertRestricted(template.getSpec(), Images.SPARK_UID);
    assertTrue(driverContainer(app).getVolumeMounts().stream()
        .anyMatch(m -> m.getMountPath().equals(SparkAppBuilder.EXECUTOR_TEMPLATE_DIR)));
  }

  @Test
  void everyObjectOfTheAppIsOwnedByThePipelineAndLabelled() {
    SparkApp app = SparkAppBuilder.build(p, SparkStage.ingest(), 1);
    assertTrue(app.all().size() >= 3);
    for (HasMetadata o : app.all()) {
      assertOwnedAndLabelled(p, o);
      assertEquals("ingest", o.getMetadata().getLabels().get("app.kubernetes.io/component"));
    }
    assertEquals("Pod", app.all().get(app.all().size() - 1).getKind(), "the pod is created last");
  }

  @Test
  void podTemplateFilesInTheUsersSparkConfAreRefusedByName() {
    WebLogPipeline bad = Pipelines.minimal();
    bad.getSpec().getStreaming().setSparkConf(Map.of("spark.kubernetes.driver.podTemplateFile", "/x.yaml"));
    var e = assertThrows(IllegalArgumentException.class, () -> SparkAppBuilder.build(bad, SparkStage.stream(), 1));
    assertTrue(e.getMessage().contains("spec.streaming.sparkConf"), e.getMessage());
  }

  private static Container driverContainer(SparkApp app) {
    return app.driver().getSpec().getContainers().get(0);
  }

  private static void assertOption(List<String> args, String option, String value) {
    int i = args.indexOf(option);
    assertTrue(i >= 0 && i + 1 < args.size(), option + " missing from " + args);
    assertEquals(value, args.get(i + 1), option);
  }
}
