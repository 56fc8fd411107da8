package dev.weblog.operator.builders;

import static dev.weblog.operator.builders.BuilderAssertions.assertHasResources;
import static dev.weblog.operator.builders.BuilderAssertions.assertOwnedAndLabelled;
import static dev.weblog.operator.builders.BuilderAssertions.assertRestricted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.operator.api.DriftKind;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The producer Deployment, the history loading Job and the Spark drivers' RBAC. */
class WorkloadBuildersTest {

  @Test
  void producerSendsToTheTopicAtTheSpecsRateAndReplaysTheVolumeFile() {
    WebLogPipeline p = Pipelines.full();
    Deployment d = ProducerBuilder.deployment(p);
    assertEquals("full-producer", d.getMetadata().getName());
    assertEquals("Recreate", d.getSpec().getStrategy().getType());
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(JobContract.PRODUCER_MAIN, c.getCommand().get(3));
    assertEquals(List.of(JobContract.OPT_BOOTSTRAP, "full-kafka-kafka-bootstrap.analytics.svc:9093",
        JobContract.OPT_TOPIC, "weblogs", JobContract.OPT_RATE, "20", JobContract.OPT_PARTITIONS, "6",
        JobContract.OPT_FILE, "/source/live/logs.csv"), c.getArgs().subList(0, 10));
    assertEquals("replay-data", d.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getPersistentVolumeClaim() != null).findFirst().orElseThrow().getPersistentVolumeClaim()
        .getClaimName());
    assertHasResources(c);
    assertRestricted(d.getSpec().getTemplate().getSpec(), Images.PRODUCER_UID);
    assertOwnedAndLabelled(p, d);
    java.util.Map<String, String> scrape = d.getSpec().getTemplate().getMetadata().getAnnotations();
    assertEquals("true", scrape.get("prometheus.io/scrape"));
    String port = scrape.get("prometheus.io/port");
    assertEquals(port, c.getArgs().get(c.getArgs().indexOf(JobContract.OPT_METRICS_PORT) + 1),
        "the producer serves its metrics where its pod's annotations say");
    assertTrue(c.getPorts().stream().anyMatch(cp -> "metrics".equals(cp.getName())
        && port.equals(String.valueOf(cp.getContainerPort()))), "the container declares the port");
  }

  @Test
  void aDisabledProducerHasNoObjectsAndTheDefaultOneGenerates() {
    WebLogPipeline p = Pipelines.minimal();
    assertTrue(ProducerBuilder.args(p).containsAll(List.of(JobContract.OPT_GENERATE, JobContract.OPT_SEED, "7")));
    assertFalse(ProducerBuilder.args(p).contains(JobContract.OPT_MALFORMED_EVERY), "malformed lines by default");
    p.getSpec().getProducer().setMalformedEvery(50);
    List<String> args = ProducerBuilder.args(p);
    assertEquals("50", args.get(args.indexOf(JobContract.OPT_MALFORMED_EVERY) + 1));
    assertFalse(args.contains(JobContract.OPT_DRIFT_AT), "no drift by default");
    p.getSpec().getProducer().setDriftAt(5_000);
    args = ProducerBuilder.args(p);
    assertEquals(List.of(JobContract.OPT_DRIFT_AT, "5000", JobContract.OPT_DRIFT_KIND, "all"),
        args.subList(args.indexOf(JobContract.OPT_DRIFT_AT), args.indexOf(JobContract.OPT_DRIFT_AT) + 4));
    p.getSpec().getProducer().setDriftKinds(List.of(DriftKind.PREFERENCES, DriftKind.CATEGORIES));
    args = ProducerBuilder.args(p);
    assertEquals("preferences,categories", args.get(args.indexOf(JobContract.OPT_DRIFT_KIND) + 1));
    p.getSpec().getProducer().setEnabled(false);
    assertTrue(ProducerBuilder.build(p).isEmpty());
  }

  @Test
  void generatedHistoryIsStagedByTheGeneratorThenPutIntoRaw() {
    WebLogPipeline p = Pipelines.minimal();
    Job job = HistoryLoaderBuilder.job(p, 1);
    assertEquals("demo-load-history-1", job.getMetadata().getName());
    var pod = job.getSpec().getTemplate().getSpec();
    assertEquals("Never", pod.getRestartPolicy());
    assertEquals(List.of("own-base", "generate"), pod.getInitContainers().stream().map(Container::getName).toList());
    Container generate = pod.getInitContainers().get(1);
    assertTrue(generate.getCommand().containsAll(List.of(JobContract.GENERATOR_MAIN, "--rows", "100000",
        JobContract.OPT_SEED, "42", "--out", HistoryLoaderBuilder.STAGING_DIR)), generate.getCommand().toString());
    assertEquals(Images.SPARK_UID, generate.getSecurityContext().getRunAsUser());
    Container put = pod.getContainers().get(0);
    assertEquals("/user/data/ec_web_logs/raw", env(put, "RAW_DIR"));
    assertEquals("hdfs://demo-hdfs.analytics.svc:8020", env(put, "HDFS_URI"));
    assertEquals("1", env(put, "REPLICATION"));
    assertEquals(Images.HADOOP_UID, put.getSecurityContext().getRunAsUser());
    assertEquals(HdfsAccess.JOBS_USER, env(put, HdfsAccess.USER_ENV), "the put writes as the jobs' user");
    assertRestricted(pod, Images.HADOOP_UID);
    assertOwnedAndLabelled(p, job);
  }

  @Test
  void urlHistoryIsDownloadedAndVolumeHistoryIsReadInPlace() {
    var urlPod = HistoryLoaderBuilder.job(Pipelines.full(), 2).getSpec().getTemplate().getSpec();
    assertEquals("https://data.example.com/logs_201905.csv", env(urlPod.getInitContainers().get(1), "SOURCE_URL"));
    assertEquals("/data/weblogs/raw", env(urlPod.getContainers().get(0), "RAW_DIR"));

    var volumePod = HistoryLoaderBuilder.job(Pipelines.external(), 1).getSpec().getTemplate().getSpec();
    assertTrue(volumePod.getInitContainers().isEmpty(), "an external HDFS's base is its admins' to set up");
    Container put = volumePod.getContainers().get(0);
    assertEquals("/source/2019-05", env(put, "SOURCE"));
    assertEquals("hdfs://namenode.data.svc:8020", env(put, "HDFS_URI"));
    assertTrue(volumePod.getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
        && v.getPersistentVolumeClaim().getClaimName().equals("history")
        && v.getPersistentVolumeClaim().getReadOnly()));
  }

  @Test
  void theManagedHdfsBaseIsHandedToTheJobsUserBySuperuserFirst() {
    WebLogPipeline p = Pipelines.full();
    Container own = HistoryLoaderBuilder.job(p, 1).getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertEquals("own-base", own.getName());
    assertEquals(List.of("sh", "-c", HdfsAccess.OWN_BASE_SCRIPT), own.getCommand());
    assertEquals("/data/weblogs", env(own, "BASE"));
    assertEquals(HdfsAccess.JOBS_USER, env(own, "OWNER"));
    assertEquals(HdfsLayout.BASE_MODE, env(own, "MODE"));
    assertEquals(Images.HADOOP_UID, own.getSecurityContext().getRunAsUser(), "the NameNode's user: the superuser");
    assertTrue(own.getEnv().stream().noneMatch(e -> e.getName().equals(HdfsAccess.USER_ENV)), own.getEnv().toString());
  }

  @Test
  void sparkDriversMayManageExecutorPodsThroughTheirOwnServiceAccount() {
    WebLogPipeline p = Pipelines.minimal();
    Role role = SparkRbacBuilder.role(p);
    var rule = role.getRules().get(0);
    assertTrue(rule.getResources().containsAll(List.of("pods", "services", "configmaps")));
    assertTrue(rule.getVerbs().containsAll(List.of("create", "delete", "watch", "list")));
    RoleBinding binding = SparkRbacBuilder.roleBinding(p);
    assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
    assertEquals(SparkRbacBuilder.serviceAccount(p).getMetadata().getName(), binding.getSubjects().get(0).getName());
    assertEquals(SparkAppBuilder.build(p, SparkStage.ingest(), 1).driver().getSpec().getServiceAccountName(),
        binding.getSubjects().get(0).getName());
    SparkRbacBuilder.build(p).forEach(o -> assertOwnedAndLabelled(p, o));
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
  }
}
