package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Images;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.reconciler.steps.ProducerStep;
import dev.weblog.operator.support.ChartRbac;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every waiting condition names the pod-level cause, as {@code kubectl describe wlp} shows it: the test plays the
 * scheduler, the kubelet and the workload controllers by writing pod statuses on a real API server, and the
 * operator acts with exactly the Helm chart's RBAC.
 */
class PodTroubleRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final String NODE = "node-1";
  static final String PULL_MESSAGE = "rpc error: code = Unknown desc = failed to pull and unpack image "
      + "\"docker.io/apache/hadoop:3.4.1\": dial tcp: lookup registry-1.docker.io: no such host";

  KubernetesClient client;
  KubernetesClient operatorClient;
  Harness h;

  @BeforeEach
  void setUp(@TempDir Path tmp) {
    client = KUBE.client();
    operatorClient = new KubernetesClientBuilder().withConfig(
        ChartRbac.install(client, KUBE.adminConfig(), KUBE.namespace(), tmp)).build();
    h = new Harness(client, operatorClient, KUBE.namespace());
  }

  @AfterEach
  void tearDown() {
    operatorClient.close();
  }

  @Test
  void anHdfsInitContainerThatCannotPullItsImageIsNamedWithItsImageInOneEvent() {
    WebLogPipeline p = h.create(Pipelines.minimal("pull"));
    p = h.reconcile("pull");
    String namenode = h.sim.statefulSetPod(p, Names.namenode(p), 0, NODE).getMetadata().getName();
    h.sim.podStatus(namenode, h.ns, new PodStatusBuilder().withPhase("Pending")
        .withInitContainerStatuses(waiting("format", "ErrImagePull", PULL_MESSAGE))
        .withContainerStatuses(waiting("namenode", "PodInitializing", null)).build());

    p = h.reconcile("pull");

    Condition hdfs = condition(p, Condition.HDFS_READY);
    assertEquals(ConditionStatus.FALSE, hdfs.getStatus());
    assertEquals(PodDiagnosis.IMAGE_PULL_FAILED, hdfs.getReason());
    String cause = "pod " + namenode + ", init container format: image " + Images.HADOOP_DEFAULT
        + " cannot be pulled (ErrImagePull): " + PULL_MESSAGE;
    assertTrue(hdfs.getMessage().startsWith("waiting for HDFS of pipeline " + h.ns + "/pull: NameNode ready 0/1"),
        hdfs.getMessage());
    assertTrue(hdfs.getMessage().endsWith("; " + cause), hdfs.getMessage());
    assertEquals(PodDiagnosis.IMAGE_PULL_FAILED, condition(p, Condition.READY).getReason(), "Ready says it too");
    assertEquals(List.of(hdfs.getMessage()), warnings(p, PodDiagnosis.IMAGE_PULL_FAILED));

    h.sim.podStatus(namenode, h.ns, new PodStatusBuilder().withPhase("Pending")
        .withInitContainerStatuses(waiting("format", "ImagePullBackOff", "Back-off pulling image \""
            + Images.HADOOP_DEFAULT + "\""))
        .withContainerStatuses(waiting("namenode", "PodInitializing", null)).build());
    p = h.reconcile("pull");
    assertTrue(condition(p, Condition.HDFS_READY).getMessage().endsWith("(ImagePullBackOff): Back-off pulling image "
        + "\"" + Images.HADOOP_DEFAULT + "\""), condition(p, Condition.HDFS_READY).getMessage());
    assertEquals(1, warnings(p, PodDiagnosis.IMAGE_PULL_FAILED).size(), "the same cause reworded is not news");

    h.sim.podStatus(namenode, h.ns, ready());
    h.sim.hdfsReady(p);
    p = h.reconcile("pull");
    assertEquals("HdfsReady", condition(p, Condition.HDFS_READY).getReason());
  }

  @Test
  void aDataNodeWaitingOnAPendingClaimNamesTheClaimAndTheReasonOfItsEvent() {
    WebLogPipeline p = h.create(Pipelines.minimal("claim"));
    p = h.reconcile("claim");
    String namenode = h.sim.statefulSetPod(p, Names.namenode(p), 0, NODE).getMetadata().getName();
    h.sim.podStatus(namenode, h.ns, ready());
    Pod datanode = h.sim.statefulSetPod(p, Names.datanode(p), 0, null);
    String claim = claimOf(datanode);
    assertEquals("Pending", client.persistentVolumeClaims().inNamespace(h.ns).withName(claim).get().getStatus()
        .getPhase());
    // What the PersistentVolume controller records on a claim it cannot bind.
    client.v1().events().inNamespace(h.ns).resource(new EventBuilder().withNewMetadata()
        .withName(claim + ".binding").endMetadata().withNewInvolvedObject().withKind("PersistentVolumeClaim")
        .withApiVersion("v1").withName(claim).withNamespace(h.ns).endInvolvedObject().withType("Warning")
        .withReason("FailedBinding").withMessage("no persistent volumes available for this claim and no storage "
            + "class is set")
        .withFirstTimestamp(Instant.now().toString()).withLastTimestamp(Instant.now().toString()).withCount(1)
        .withNewSource().withComponent("persistentvolume-controller").endSource().build()).create();
    h.sim.podStatus(datanode.getMetadata().getName(), h.ns, new PodStatusBuilder().withPhase("Pending")
        .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
            .withReason("Unschedulable").withMessage("0/1 nodes are available: 1 pod has unbound immediate "
                + "PersistentVolumeClaims.")
            .build())
        .build());

    p = h.reconcile("claim");

    Condition hdfs = condition(p, Condition.HDFS_READY);
    assertEquals(PodDiagnosis.VOLUME_PENDING, hdfs.getReason());
    assertTrue(hdfs.getMessage().endsWith("; pod " + datanode.getMetadata().getName() + ": PersistentVolumeClaim "
        + claim + " is Pending: FailedBinding: no persistent volumes available for this claim and no storage class "
        + "is set"), hdfs.getMessage());
    assertEquals(List.of(hdfs.getMessage()), warnings(p, PodDiagnosis.VOLUME_PENDING));
  }

  @Test
  void aCrashLoopingNameNodeGivesItsExitCodeAndLastLogLine() {
    WebLogPipeline p = h.create(Pipelines.minimal("crash"));
    p = h.reconcile("crash");
    String namenode = h.sim.statefulSetPod(p, Names.namenode(p), 0, NODE).getMetadata().getName();
    // The kubelet's termination message: the container's file, or with FallbackToLogsOnError its log's tail.
    h.sim.podStatus(namenode, h.ns, new PodStatusBuilder().withPhase("Running")
        .withInitContainerStatuses(completed("format"))
        .withContainerStatuses(crashed("namenode", 1, "STARTUP_MSG: Starting NameNode\n"
            + "ERROR namenode.NameNode: Failed to start namenode.\njava.io.IOException: NameNode is not formatted.\n",
            5))
        .build());

    p = h.reconcile("crash");

    Condition hdfs = condition(p, Condition.HDFS_READY);
    assertEquals(PodDiagnosis.CRASH_LOOP, hdfs.getReason());
    assertTrue(hdfs.getMessage().endsWith("; pod " + namenode + ", container namenode: exited with code 1 "
        + "(restarted 5 times, CrashLoopBackOff); last log line: java.io.IOException: NameNode is not formatted."),
        hdfs.getMessage());
    assertEquals(List.of(hdfs.getMessage()), warnings(p, PodDiagnosis.CRASH_LOOP));
  }

  @Test
  void aFailedLoaderPodWithoutMessageStillGivesItsExitCode() {
    WebLogPipeline p = h.create(Pipelines.minimal("loader"));
    p = h.reconcile("loader");
    h.sim.hdfsReady(p);
    h.reconcile("loader");
    h.sim.kafkaReady(p);
    p = h.reconcile("loader");
    String job = Names.historyLoader(p, 1);
    String pod = h.sim.jobPod(p, job, "x7k2q", NODE).getMetadata().getName();
    h.sim.podStatus(pod, h.ns, new PodStatusBuilder().withPhase("Failed")
        .withInitContainerStatuses(completed("own-base"), completed("generate"))
        .withContainerStatuses(new ContainerStatusBuilder().withName("put-into-hdfs").withReady(false)
            .withRestartCount(0)
            .withNewState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endState()
            .build())
        .build());

    p = h.reconcile("loader");

    Condition ingested = condition(p, Condition.INGESTED);
    assertEquals(PodDiagnosis.CRASH_LOOP, ingested.getReason());
    // No kubelet serves this pod's log here: the line is missing, the reconcile goes on.
    assertTrue(ingested.getMessage().endsWith("with Job " + job + "; pod " + pod + ", container put-into-hdfs: "
        + "exited with code 1"), ingested.getMessage());
  }

  @Test
  void anUnschedulableStreamDriverGivesTheSchedulersReason() {
    WebLogPipeline p = h.create(Pipelines.minimal("sched"));
    p = toStream("sched");
    String stream = driver(p, SparkStage.stream(), 1);
    h.sim.podStatus(stream, h.ns, new PodStatusBuilder().withPhase("Pending").withConditions(
        new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
            .withMessage("0/1 nodes are available: 1 Insufficient cpu.").build())
        .build());

    p = h.reconcile("sched");

    Condition streaming = condition(p, Condition.STREAMING_RUNNING);
    assertEquals(PodDiagnosis.UNSCHEDULABLE, streaming.getReason());
    assertEquals("waiting for streaming driver attempt 1 of pipeline " + h.ns + "/sched to run; pod " + stream
        + ": cannot be scheduled: 0/1 nodes are available: 1 Insufficient cpu.", streaming.getMessage());
    assertEquals(List.of(streaming.getMessage()), warnings(p, PodDiagnosis.UNSCHEDULABLE));
    assertEquals(ConditionStatus.FALSE, condition(p, Condition.READY).getStatus());
  }

  @Test
  void anIngestDriverThatCannotPullItsImageIsNamed() {
    WebLogPipeline p = h.create(Pipelines.minimal("ingest"));
    p = h.reconcile("ingest");
    h.sim.hdfsReady(p);
    h.reconcile("ingest");
    h.sim.kafkaReady(p);
    h.reconcile("ingest");
    h.sim.jobComplete(p, 1);
    p = h.reconcile("ingest");
    String ingest = driver(p, SparkStage.ingest(), 1);
    String image = h.pod(ingest).getSpec().getContainers().get(0).getImage();
    h.sim.podStatus(ingest, h.ns, new PodStatusBuilder().withPhase("Pending").withContainerStatuses(
        new ContainerStatusBuilder().withName("spark-kubernetes-driver").withImage(image).withReady(false)
            .withRestartCount(0).withNewState().withNewWaiting().withReason("ErrImagePull")
            .withMessage("pull access denied").endWaiting().endState().build())
        .build());

    p = h.reconcile("ingest");

    Condition ingested = condition(p, Condition.INGESTED);
    assertEquals(PodDiagnosis.IMAGE_PULL_FAILED, ingested.getReason());
    assertTrue(ingested.getMessage().endsWith("; pod " + ingest + ", container spark-kubernetes-driver: image "
        + image + " cannot be pulled (ErrImagePull): pull access denied"), ingested.getMessage());
  }

  @Test
  void podsNotReadyPastTheStartTimeoutTurnToStartTimeoutWithAnEvent() {
    WebLogPipeline p = h.create(Pipelines.minimal("slow"));
    p = h.reconcile("slow");
    Pod namenode = h.sim.statefulSetPod(p, Names.namenode(p), 0, NODE);
    h.sim.podStatus(namenode.getMetadata().getName(), h.ns, new PodStatusBuilder().withPhase("Running")
        .withConditions(new PodConditionBuilder().withType("Ready").withStatus("False")
            .withReason("ContainersNotReady").withMessage("containers with unready status: [namenode]")
            .withLastTransitionTime(namenode.getMetadata().getCreationTimestamp()).build())
        .build());
    Instant created = Instant.parse(namenode.getMetadata().getCreationTimestamp());

    h.clock.set(created.plus(Duration.ofMinutes(9)));
    p = h.reconcile("slow");
    assertEquals("HdfsStarting", condition(p, Condition.HDFS_READY).getReason(), "within the default 10 minutes");

    h.clock.set(created.plus(Duration.ofMinutes(11)));
    p = h.reconcile("slow");

    Condition hdfs = condition(p, Condition.HDFS_READY);
    assertEquals(PodDiagnosis.START_TIMEOUT, hdfs.getReason());
    assertTrue(hdfs.getMessage().endsWith("; pod " + namenode.getMetadata().getName() + ": not ready for 11m, "
        + "longer than spec.startTimeoutSeconds (600s): containers with unready status: [namenode]"),
        hdfs.getMessage());
    assertEquals(List.of(hdfs.getMessage()), warnings(p, PodDiagnosis.START_TIMEOUT));
  }

  @Test
  void aProducerThatCannotPullIsReportedWithoutHoldingThePipelineBack() {
    WebLogPipeline p = h.create(Pipelines.minimal("feed"));
    p = h.toReady("feed");
    assertNull(p.getStatus().getStages().get(ProducerStep.STAGE));
    String pod = h.sim.deploymentPod(p, Names.producer(p), "5d8f9-abcde", NODE).getMetadata().getName();
    String image = h.pod(pod).getSpec().getContainers().get(0).getImage();
    h.sim.podStatus(pod, h.ns, new PodStatusBuilder().withPhase("Pending").withContainerStatuses(
        new ContainerStatusBuilder().withName("producer").withImage(image).withReady(false).withRestartCount(0)
            .withNewState().withNewWaiting().withReason("ImagePullBackOff").withMessage("Back-off pulling image")
            .endWaiting().endState().build())
        .build());

    p = h.reconcile("feed");
    h.reconcile("feed");

    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus(), "the stream scores what comes");
    String message = "producer " + Names.producer(p) + " of pipeline " + h.ns + "/feed is not "
        + "ready: pod " + pod + ", container producer: image " + image + " cannot be pulled (ImagePullBackOff): "
        + "Back-off pulling image";
    assertEquals("ImagePullFailed: " + message, h.get("feed").getStatus().getStages().get(ProducerStep.STAGE)
        .getMessage());
    assertEquals(List.of(message), warnings(p, PodDiagnosis.IMAGE_PULL_FAILED), "one Event for two reconciles");

    h.sim.podStatus(pod, h.ns, ready());
    p = h.reconcile("feed");
    assertNull(p.getStatus().getStages().get(ProducerStep.STAGE), "gone once the pod is ready");
  }

  @Test
  void aRetrainDriverThatCannotBeScheduledIsNamedWhileTheOldModelsServe() {
    WebLogPipeline p = h.create(Pipelines.minimal("retrain"));
    h.toReady("retrain");
    h.update("retrain", x -> x.getSpec().getTraining().setMaxDepth(5));
    p = h.reconcile("retrain");
    String age = driver(p, SparkStage.train(Target.AGE_GROUP), 2);
    h.sim.podStatus(age, h.ns, new PodStatusBuilder().withPhase("Pending").withConditions(
        new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
            .withMessage("0/1 nodes are available: 1 Insufficient memory.").build())
        .build());

    p = h.reconcile("retrain");
    h.reconcile("retrain");

    Condition models = condition(p, Condition.MODELS_READY);
    assertEquals("Retraining", models.getReason(), "the condition keeps saying what goes on");
    assertTrue(models.getMessage().endsWith("; the promoted models keep serving; Unschedulable: pod " + age
        + ": cannot be scheduled: 0/1 nodes are available: 1 Insufficient memory."), models.getMessage());
    assertEquals(List.of(models.getMessage()), warnings(p, PodDiagnosis.UNSCHEDULABLE));
  }

  @Test
  void theChartLetsTheOperatorReadLogsAndClaimEvents() {
    for (String[] access : List.of(new String[] {"pods", "log", "get"}, new String[] {"events", "", "list"},
        new String[] {"persistentvolumeclaims", "", "get"})) {
      SelfSubjectAccessReview review = operatorClient.authorization().v1().selfSubjectAccessReview().create(
          new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes().withNamespace(h.ns)
              .withResource(access[0]).withSubresource(access[1]).withVerb(access[2]).endResourceAttributes()
              .endSpec().build());
      assertTrue(review.getStatus().getAllowed(), String.join(" ", access) + ": " + review.getStatus().getReason());
    }
  }

  /** From nothing to the stream driver's creation, playing every other actor. */
  private WebLogPipeline toStream(String name) {
    WebLogPipeline p = h.reconcile(name);
    h.sim.hdfsReady(p);
    h.reconcile(name);
    h.sim.kafkaReady(p);
    h.reconcile(name);
    h.sim.jobComplete(p, 1);
    h.reconcile(name);
    h.sim.podEnded(driver(p, SparkStage.ingest(), 1), h.ns, 0, "ingested 100000 lines");
    h.reconcile(name);
    h.trainOk(name, 1);
    p = h.get(name);
    assertEquals("StreamStarting", condition(p, Condition.STREAMING_RUNNING).getReason());
    return p;
  }

  /** The messages of the Warning Events with {@code reason} on the pipeline, as kubectl describe lists them. */
  private List<String> warnings(WebLogPipeline p, String reason) {
    return h.events().stream().filter(e -> p.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
        .filter(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason())).map(Event::getMessage).toList();
  }

  private static String claimOf(Pod pod) {
    return pod.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
        .map(v -> v.getPersistentVolumeClaim().getClaimName()).findFirst().orElseThrow();
  }

  private static ContainerStatus waiting(String name, String reason, String message) {
    return new ContainerStatusBuilder().withName(name).withImage(Images.HADOOP_DEFAULT).withReady(false)
        .withRestartCount(0).withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
        .endState().build();
  }

  private static ContainerStatus crashed(String name, int exitCode, String message, int restarts) {
    return new ContainerStatusBuilder().withName(name).withImage(Images.HADOOP_DEFAULT).withReady(false)
        .withRestartCount(restarts).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
        .withMessage("back-off 2m40s restarting failed container").endWaiting().endState().withNewLastState()
        .withNewTerminated().withExitCode(exitCode).withReason("Error").withMessage(message).endTerminated()
        .endLastState().build();
  }

  private static ContainerStatus completed(String name) {
    return new ContainerStatusBuilder().withName(name).withImage(Images.HADOOP_DEFAULT).withReady(true)
        .withRestartCount(0).withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
        .endTerminated().endState().build();
  }

  private static PodStatus ready() {
    return new PodStatusBuilder().withPhase("Running").withConditions(new PodConditionBuilder().withType("Ready")
        .withStatus("True").build()).build();
  }
}
