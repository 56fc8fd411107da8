package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each pod-level cause the kubelet or the scheduler reports, read from the objects alone. */
class PodDiagnosisTest {

  static final Instant NOW = Instant.parse("2026-12-03T22:00:00Z");
  static final Duration TIMEOUT = Duration.ofMinutes(10);
  static final String IMAGE = "registry.example.com/apache/hadoop:3.4.1";

  @Test
  void noPodsYetAndReadyPodsHaveNoCause() {
    assertEquals(Optional.empty(), diagnose(List.of()));
    assertEquals(Optional.empty(), diagnose(List.of(pod("demo-hdfs-namenode-0", 1).withStatus(ready()).build(),
        pod("demo-hdfs-datanode-0", 1).withStatus(ready()).build())));
    assertEquals(Optional.empty(), diagnose(List.of(pod("demo-hdfs-namenode-0", 1).build())),
        "a pod the kubelet has not reported on yet is only starting");
  }

  @Test
  void anInitContainerThatCannotPullItsImageIsNamedWithTheImageAndTheKubeletsMessage() {
    Pod pod = pod("demo-hdfs-namenode-0", 1).withNewStatus().withPhase("Pending")
        .withInitContainerStatuses(waiting("format", "ErrImagePull", "rpc error: code = NotFound desc = failed to "
            + "pull and unpack image \"" + IMAGE + "\": not found"))
        .withContainerStatuses(waiting("namenode", "PodInitializing", null)).endStatus().build();

    PodTrouble t = diagnose(List.of(pod)).orElseThrow();

    assertEquals(PodDiagnosis.IMAGE_PULL_FAILED, t.reason());
    assertEquals("pod demo-hdfs-namenode-0, init container format: image " + IMAGE + " cannot be pulled "
        + "(ErrImagePull): rpc error: code = NotFound desc = failed to pull and unpack image \"" + IMAGE
        + "\": not found", t.message());
  }

  @Test
  void backOffAndInvalidNamesArePullFailuresToo() {
    for (String reason : List.of("ImagePullBackOff", "InvalidImageName")) {
      Pod pod = pod("demo-producer-7d9-x2", 1).withNewStatus().withPhase("Pending")
          .withContainerStatuses(waiting("producer", reason, "Back-off pulling image")).endStatus().build();
      PodTrouble t = diagnose(List.of(pod)).orElseThrow();
      assertEquals(PodDiagnosis.IMAGE_PULL_FAILED, t.reason(), reason);
      assertEquals("container producer", t.container());
      assertTrue(t.cause().contains("(" + reason + ")"), t.cause());
    }
  }

  @Test
  void theImageComesFromThePodSpecWhenTheStatusHasNone() {
    Pod pod = pod("demo-ingest-1-driver", 1).editSpec().addNewContainer().withName("spark-kubernetes-driver")
        .withImage("weblog/spark-apps:0.1.0").endContainer().endSpec().withNewStatus().withPhase("Pending")
        .withContainerStatuses(new ContainerStatusBuilder().withName("spark-kubernetes-driver").withNewState()
            .withNewWaiting().withReason("ErrImagePull").endWaiting().endState().build())
        .endStatus().build();
    assertEquals("image weblog/spark-apps:0.1.0 cannot be pulled (ErrImagePull)",
        diagnose(List.of(pod)).orElseThrow().cause());
  }

  @Test
  void anUnschedulablePodGivesTheSchedulersMessage() {
    Pod pod = pod("demo-stream-1-driver", 1).withNewStatus().withPhase("Pending").withConditions(
        unschedulable("0/1 nodes are available: 1 Insufficient cpu.")).endStatus().build();

    PodTrouble t = diagnose(List.of(pod)).orElseThrow();

    assertEquals(PodDiagnosis.UNSCHEDULABLE, t.reason());
    assertEquals("pod demo-stream-1-driver: cannot be scheduled: 0/1 nodes are available: 1 Insufficient cpu.",
        t.message());
  }

  @Test
  void aPendingClaimGivesItsNameAndTheReasonOfItsLatestEvent() {
    Pod pod = withClaim(pod("demo-hdfs-datanode-0", 1), "data-demo-hdfs-datanode-0").withNewStatus()
        .withPhase("Pending").withConditions(unschedulable("0/1 nodes are available: 1 pod has unbound immediate "
            + "PersistentVolumeClaims."))
        .endStatus().build();
    List<Event> events = List.of(
        claimEvent("data-demo-hdfs-datanode-0", "ProvisioningFailed", "storageclass.storage.k8s.io \"fast\" not "
            + "found", "2026-12-03T21:58:00Z"),
        claimEvent("data-demo-hdfs-datanode-0", "FailedBinding", "no persistent volumes available for this claim "
            + "and no storage class is set", "2026-12-03T21:59:00Z"),
        claimEvent("other-claim", "Bound", "later but another claim", "2026-12-03T21:59:30Z"));

    PodTrouble t = PodDiagnosis.diagnose(new PodDiagnosis.Observed(List.of(pod),
        List.of(pendingClaim("data-demo-hdfs-datanode-0")), events, Map.of(), null), NOW, TIMEOUT).orElseThrow();

    assertEquals(PodDiagnosis.VOLUME_PENDING, t.reason());
    assertEquals("pod demo-hdfs-datanode-0: PersistentVolumeClaim data-demo-hdfs-datanode-0 is Pending: "
        + "FailedBinding: no persistent volumes available for this claim and no storage class is set", t.message());
    assertEquals(List.of("data-demo-hdfs-datanode-0"), PodDiagnosis.claimsToRead(List.of(pod)));
  }

  @Test
  void aPendingClaimWithoutEventsIsStillNamed() {
    Pod pod = withClaim(pod("demo-hdfs-namenode-0", 1), "name-demo-hdfs-namenode-0").withNewStatus()
        .withPhase("Pending").endStatus().build();
    PodTrouble t = PodDiagnosis.diagnose(new PodDiagnosis.Observed(List.of(pod),
        List.of(pendingClaim("name-demo-hdfs-namenode-0")), List.of(), Map.of(), null), NOW, TIMEOUT).orElseThrow();
    assertEquals(PodDiagnosis.VOLUME_PENDING, t.reason());
    assertEquals("PersistentVolumeClaim name-demo-hdfs-namenode-0 is Pending (no reason given yet)", t.cause());
  }

  @Test
  void aClaimWaitingForItsPodToBeScheduledLeavesTheSchedulersVerdict() {
    Pod pod = withClaim(pod("demo-hdfs-datanode-0", 1), "data-demo-hdfs-datanode-0").withNewStatus()
        .withPhase("Pending").withConditions(unschedulable("0/1 nodes are available: 1 Insufficient memory."))
        .endStatus().build();
    List<Event> events = List.of(claimEvent("data-demo-hdfs-datanode-0", "WaitForFirstConsumer",
        "waiting for first consumer to be created before binding", "2026-12-03T21:59:00Z"));
    PodTrouble t = PodDiagnosis.diagnose(new PodDiagnosis.Observed(List.of(pod),
        List.of(pendingClaim("data-demo-hdfs-datanode-0")), events, Map.of(), null), NOW, TIMEOUT).orElseThrow();
    assertEquals(PodDiagnosis.UNSCHEDULABLE, t.reason());
    assertTrue(t.cause().endsWith("1 Insufficient memory."), t.cause());
  }

  @Test
  void aCrashLoopGivesTheExitCodeAndTheLastLineOfTheTerminationMessage() {
    Pod pod = pod("demo-hdfs-namenode-0", 1).withNewStatus().withPhase("Running").withContainerStatuses(
        crashed("namenode", 1, "STARTUP_MSG: Starting NameNode\njava.io.IOException: NameNode is not formatted.\n",
            4))
        .endStatus().build();

    PodTrouble t = diagnose(List.of(pod)).orElseThrow();

    assertEquals(PodDiagnosis.CRASH_LOOP, t.reason());
    assertEquals("pod demo-hdfs-namenode-0, container namenode: exited with code 1 (restarted 4 times, "
        + "CrashLoopBackOff); last log line: java.io.IOException: NameNode is not formatted.", t.message());
    assertNull(t.unreadLog(), "the termination message had the line");
  }

  @Test
  void aCrashWithoutTerminationMessageAsksForTheLogAndQuotesItsLastLine() {
    Pod pod = pod("demo-hdfs-namenode-0", 1).withNewStatus().withPhase("Running").withContainerStatuses(
        crashed("namenode", 137, null, 2)).endStatus().build();

    PodTrouble first = diagnose(List.of(pod)).orElseThrow();
    assertEquals(new PodDiagnosis.LogRef("demo-hdfs-namenode-0", "namenode", true), first.unreadLog());
    assertEquals("exited with code 137 (restarted 2 times, CrashLoopBackOff)", first.cause());

    PodTrouble withLog = PodDiagnosis.diagnose(new PodDiagnosis.Observed(List.of(pod), List.of(), List.of(),
        Map.of(PodDiagnosis.logKey("demo-hdfs-namenode-0", "namenode"), "Exception in thread \"main\" "
            + "java.net.BindException: Address already in use"),
        null), NOW, TIMEOUT).orElseThrow();
    assertEquals("exited with code 137 (restarted 2 times, CrashLoopBackOff); last log line: Exception in thread "
        + "\"main\" java.net.BindException: Address already in use", withLog.cause());
    assertNull(withLog.unreadLog());
  }

  @Test
  void aFailedPodOfAJobIsACrashTooWithItsOwnLog() {
    Pod failed = pod("demo-load-history-1-abcde", 1).editSpec().withRestartPolicy("Never").endSpec().withNewStatus()
        .withPhase("Failed").withContainerStatuses(new ContainerStatusBuilder().withName("put").withNewState()
            .withNewTerminated().withExitCode(3).withReason("Error").endTerminated().endState().build())
        .endStatus().build();
    PodTrouble t = diagnose(List.of(failed)).orElseThrow();
    assertEquals(PodDiagnosis.CRASH_LOOP, t.reason());
    assertEquals("container put", t.container());
    assertEquals("exited with code 3", t.cause());
    assertEquals(new PodDiagnosis.LogRef("demo-load-history-1-abcde", "put", false), t.unreadLog());
  }

  @Test
  void anOomKillSaysSo() {
    ContainerStatus cs = crashed("namenode", 137, null, 1);
    cs.getLastState().getTerminated().setReason("OOMKilled");
    Pod pod = pod("demo-hdfs-namenode-0", 1).withNewStatus().withContainerStatuses(cs).endStatus().build();
    assertEquals("exited with code 137 (OOMKilled) (restarted 1 time, CrashLoopBackOff)",
        diagnose(List.of(pod)).orElseThrow().cause());
  }

  @Test
  void theFirstPodWithACauseWinsAndPodsOnTheirWayOutAreIgnored() {
    Pod leaving = pod("demo-producer-old", 1).editMetadata().withDeletionTimestamp("2026-12-03T21:59:00Z")
        .endMetadata().withNewStatus().withContainerStatuses(waiting("producer", "ErrImagePull", "x")).endStatus()
        .build();
    Pod done = pod("demo-load-history-1-aaaaa", 1).withNewStatus().withPhase("Succeeded").endStatus().build();
    Pod namenode = pod("demo-hdfs-namenode-0", 1).withNewStatus().withConditions(unschedulable("0/1 nodes"))
        .endStatus().build();
    Pod datanode = pod("demo-hdfs-datanode-0", 1).withNewStatus().withContainerStatuses(waiting("datanode",
        "ErrImagePull", "x")).endStatus().build();
    assertEquals("demo-hdfs-namenode-0", diagnose(List.of(leaving, done, namenode, datanode)).orElseThrow().pod());
  }

  @Test
  void aPodNotReadyPastTheTimeoutIsAStartTimeoutSayingWhatItWaitsFor() {
    Pod slow = pod("demo-hdfs-datanode-0", 11).withNewStatus().withPhase("Running").withConditions(
        new PodConditionBuilder().withType("Ready").withStatus("False").withReason("ContainersNotReady")
            .withMessage("containers with unready status: [datanode]")
            .withLastTransitionTime("2026-12-03T21:48:00Z").build())
        .endStatus().build();

    PodTrouble t = diagnose(List.of(slow)).orElseThrow();

    assertEquals(PodDiagnosis.START_TIMEOUT, t.reason());
    assertEquals("pod demo-hdfs-datanode-0: not ready for 12m, longer than spec.startTimeoutSeconds (600s): "
        + "containers with unready status: [datanode]", t.message());
    assertEquals(Optional.empty(), PodDiagnosis.diagnose(PodDiagnosis.Observed.pods(List.of(slow), null), NOW,
        Duration.ofMinutes(15)), "within a longer timeout it is only starting");
  }

  @Test
  void aCausePastTheTimeoutBecomesAStartTimeoutThatStillNamesIt() {
    Pod pod = pod("demo-stream-1-driver", 25).withNewStatus().withPhase("Pending").withConditions(
        unschedulable("0/1 nodes are available: 1 Insufficient cpu.")).endStatus().build();

    PodTrouble t = diagnose(List.of(pod)).orElseThrow();

    assertEquals(PodDiagnosis.START_TIMEOUT, t.reason());
    assertEquals("pod demo-stream-1-driver: not ready for 25m, longer than spec.startTimeoutSeconds (600s): cannot "
        + "be scheduled: 0/1 nodes are available: 1 Insufficient cpu.", t.message());
  }

  @Test
  void aChildWithoutAnyPodPastTheTimeoutSaysNoneAppeared() {
    PodTrouble t = PodDiagnosis.diagnose(PodDiagnosis.Observed.pods(List.of(), NOW.minus(Duration.ofMinutes(130))),
        NOW, TIMEOUT).orElseThrow();
    assertEquals(PodDiagnosis.START_TIMEOUT, t.reason());
    assertEquals("no pod has appeared for 2h10m, longer than spec.startTimeoutSeconds (600s)", t.message());
    assertEquals(Optional.empty(), PodDiagnosis.diagnose(PodDiagnosis.Observed.pods(List.of(),
        NOW.minus(Duration.ofMinutes(5))), NOW, TIMEOUT));
  }

  @Test
  void theLastLineIsTheLastNonBlankOneCutToAReadableLength() {
    assertEquals("b", PodDiagnosis.lastLine("a\r\nb\n\n  \n"));
    assertNull(PodDiagnosis.lastLine(" \n "));
    assertNull(PodDiagnosis.lastLine(null));
    assertEquals(300, PodDiagnosis.lastLine("x".repeat(1000)).length());
  }

  private static Optional<PodTrouble> diagnose(List<Pod> pods) {
    return PodDiagnosis.diagnose(PodDiagnosis.Observed.pods(pods, null), NOW, TIMEOUT);
  }

  /** A pod created {@code minutesAgo} before {@link #NOW}. */
  static PodBuilder pod(String name, int minutesAgo) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("analytics")
        .withCreationTimestamp(NOW.minus(Duration.ofMinutes(minutesAgo)).toString()).endMetadata().withNewSpec()
        .endSpec();
  }

  static PodBuilder withClaim(PodBuilder pod, String claim) {
    return pod.editSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim)
        .endPersistentVolumeClaim().endVolume().endSpec();
  }

  static io.fabric8.kubernetes.api.model.PodStatus ready() {
    return new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withConditions(
        new PodConditionBuilder().withType("Ready").withStatus("True").build()).build();
  }

  static ContainerStatus waiting(String name, String reason, String message) {
    return new ContainerStatusBuilder().withName(name).withImage(IMAGE).withReady(false).withRestartCount(0)
        .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build();
  }

  static ContainerStatus crashed(String name, int exitCode, String message, int restarts) {
    return new ContainerStatusBuilder().withName(name).withImage(IMAGE).withReady(false).withRestartCount(restarts)
        .withNewState().withNewWaiting().withReason("CrashLoopBackOff").withMessage("back-off 5m0s restarting "
            + "failed container")
        .endWaiting().endState()
        .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason("Error").withMessage(message)
        .endTerminated().endLastState().build();
  }

  static PodCondition unschedulable(String message) {
    return new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
        .withMessage(message).build();
  }

  static PersistentVolumeClaim pendingClaim(String name) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
        .withPhase("Pending").endStatus().build();
  }

  static Event claimEvent(String claim, String reason, String message, String time) {
    return new EventBuilder().withNewMetadata().withName(claim + "." + reason).endMetadata()
        .withNewInvolvedObject().withKind("PersistentVolumeClaim").withName(claim).endInvolvedObject()
        .withReason(reason).withMessage(message).withLastTimestamp(time).build();
  }
}
