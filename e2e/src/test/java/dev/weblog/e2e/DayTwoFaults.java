package dev.weblog.e2e;

import com.marcnuri.helm.Helm;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.api.WebLogPipelineSpec;
import dev.weblog.operator.builders.HdfsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What a pipeline meets on its second day, done to it as a cluster does it: a lost NameNode, DataNode or Kafka
 * broker pod, a pause, an operator upgrade, a drained node. Each is followed until the pipeline is Ready again and
 * recorded as a fault in the summary; the run's final audit (predicted + quarantined = produced, none twice)
 * covers every line that crossed them.
 */
final class DayTwoFaults {

  /** What the faults need of the running scenario. */
  interface Run {
    WebLogPipeline current();

    void editSpec(Consumer<WebLogPipelineSpec> change);

    long produced();

    void awaitLines(long lines);

    /** The first condition not yet True, for progress lines. */
    String progress();

    String instanceSelector();

    String driverSelector(String component);

    String operatorSelector();

    /** Pending or Running driver pods of the stage. */
    int activeDrivers(String component);
  }

  static final Duration RECOVERY = Duration.ofMinutes(12);

  private final Cluster cluster;
  private final KubernetesClient client;
  private final E2eSummary summary;
  private final Run run;
  private final Path kubeconfig;

  DayTwoFaults(Cluster cluster, E2eSummary summary, Run run, Path kubeconfig) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.summary = summary;
    this.run = run;
    this.kubeconfig = kubeconfig;
  }

  /** One HDFS pod deleted while the stream runs: the StatefulSet brings it back on its claim. */
  void deleteHdfsPod(String component, String fault) {
    Instant t = Instant.now();
    String selector = run.instanceSelector() + ",app.kubernetes.io/component=" + component;
    Pod pod = cluster.readyPod(selector).orElseThrow(() -> new AssertionError("no ready " + component + " pod"));
    StageStatus before = stream();
    client.pods().inNamespace(cluster.namespace()).withName(pod.getMetadata().getName()).delete();
    Pod back = Cluster.await("the " + component + " pod back", Duration.ofMinutes(5), () -> cluster.readyPod(selector)
        .filter(p -> !p.getMetadata().getUid().equals(pod.getMetadata().getUid())), () -> "not ready yet");
    long podBack = Duration.between(t, Instant.now()).toSeconds();
    long ready = awaitReadyAndLines("the " + component + " pod was deleted", t);
    StageStatus after = stream();
    summary.fault(fault, true, t, back.getMetadata().getName() + " ready again after " + podBack + " s, the "
        + "pipeline Ready and lines flowing after " + ready + " s; " + streamRestarts(before, after));
  }

  /** The user's Kafka broker pod deleted: its log directory is on a claim, the producer retries, the stream too. */
  void deleteKafkaBroker() {
    Instant t = Instant.now();
    String selector = "app.kubernetes.io/name=e2e-kafka";
    Pod pod = cluster.readyPod(selector).orElseThrow(() -> new AssertionError("no ready broker"));
    StageStatus before = stream();
    client.pods().inNamespace(cluster.namespace()).withName(pod.getMetadata().getName()).delete();
    Cluster.await("the broker back", Duration.ofMinutes(5), () -> cluster.readyPod(selector)
        .filter(p -> !p.getMetadata().getUid().equals(pod.getMetadata().getUid())), () -> "not ready yet");
    long podBack = Duration.between(t, Instant.now()).toSeconds();
    long ready = awaitReadyAndLines("the Kafka broker pod was deleted", t);
    summary.fault("Kafka broker pod deleted", true, t, "broker ready again after " + podBack + " s, the pipeline "
        + "Ready and lines flowing after " + ready + " s; " + streamRestarts(before, stream()));
  }

  /**
   * spec.suspend true: the stream's driver commits and stops, the producer goes, nothing of the pipeline's work is
   * left running; false: Ready again, the stream from its checkpoint.
   */
  void suspendAndResume() {
    Instant t = Instant.now();
    setSuspend(true);
    Cluster.await("the pipeline Suspended", Duration.ofMinutes(6), () -> Optional.ofNullable(run.current())
        .filter(p -> ClusterE2eTest.conditionTrue(p, Condition.SUSPENDED)), run::progress);
    long suspended = Duration.between(t, Instant.now()).toSeconds();
    int drivers = run.activeDrivers("stream");
    int producers = cluster.pods(run.instanceSelector() + ",app.kubernetes.io/name=producer").size();
    long atPause = run.produced();
    Cluster.sleep(Duration.ofSeconds(10));
    long quiet = run.produced() - atPause;
    Instant resumed = Instant.now();
    setSuspend(false);
    long ready = awaitReadyAndLines("the resume", resumed);
    boolean passed = drivers == 0 && producers == 0 && quiet == 0;
    summary.fault("pipeline suspended, then resumed", passed, t, "Suspended after " + suspended + " s with "
        + drivers + " stream drivers and " + producers + " producer pods left, " + quiet + " lines produced while "
        + "suspended; Ready and lines flowing " + ready + " s after the resume");
  }

  /**
   * {@code helm upgrade} while the pipeline streams: a changed value and the same code under a new tag. The stream
   * driver is the same pod before and after, never two run, and Ready holds throughout.
   */
  void helmUpgrade(Helm chart, String release, String tag) {
    Instant t = Instant.now();
    Pod operator = cluster.readyPod(run.operatorSelector()).orElseThrow();
    Pod stream = cluster.readyPod(run.driverSelector("stream")).orElseThrow();
    AtomicInteger notReady = new AtomicInteger();
    AtomicInteger mostDrivers = new AtomicInteger();
    AtomicInteger samples = new AtomicInteger();
    ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
    watch.scheduleWithFixedDelay(() -> {
      try {
        if (!ClusterE2eTest.conditionTrue(run.current(), Condition.READY)) {
          notReady.incrementAndGet();
        }
        mostDrivers.accumulateAndGet(run.activeDrivers("stream"), Math::max);
        samples.incrementAndGet();
      } catch (RuntimeException e) {
        System.out.println("e2e: upgrade watch: " + e.getMessage());
      }
    }, 0, 2, TimeUnit.SECONDS);
    try {
      chart.upgrade().withName(release).withNamespace(cluster.namespace()).withKubeConfig(kubeconfig).reuseValues()
          .set("image.tag", tag).set("logLevel", "DEBUG").waitReady().withTimeout(300).call();
      Pod next = Cluster.await("the upgraded operator ready", Duration.ofMinutes(3), () -> cluster
          .readyPod(run.operatorSelector()).filter(p -> !p.getMetadata().getName().equals(operator.getMetadata()
              .getName())),
          () -> "not yet");
      // The new operator reconciles at its start: give it a few rounds before judging.
      Cluster.sleep(Duration.ofSeconds(45));
      watch.shutdownNow();
      String image = next.getSpec().getContainers().get(0).getImage();
      Optional<Pod> streamNow = cluster.readyPod(run.driverSelector("stream"));
      boolean same = streamNow.map(p -> p.getMetadata().getUid().equals(stream.getMetadata().getUid()))
          .orElse(false);
      boolean passed = same && mostDrivers.get() <= 1 && notReady.get() == 0 && image.endsWith(":" + tag);
      summary.fault("operator upgraded (helm upgrade: new tag, logLevel DEBUG)", passed, t, "operator "
          + operator.getMetadata().getName() + " -> " + next.getMetadata().getName() + " (" + image + "); stream "
          + "driver " + stream.getMetadata().getName() + (same ? " kept" : " replaced by " + streamNow.map(p -> p
              .getMetadata().getName()).orElse("none"))
          + "; at most " + mostDrivers.get() + " stream driver at "
          + "once; Ready false in " + notReady.get() + " of " + samples.get() + " samples every 2 s");
    } finally {
      watch.shutdownNow();
    }
  }

  /**
   * {@code kubectl drain --ignore-daemonsets --delete-emptydir-data} of the node, then uncordon. On one node the
   * drain cannot finish: the HDFS budget lets one of its pods go and holds the rest (there is nowhere to run the
   * evicted one), so it is given a time limit; after the uncordon the whole pipeline must come back Ready.
   */
  void drainNode() throws IOException, InterruptedException {
    Instant t = Instant.now();
    Pod stream = cluster.readyPod(run.driverSelector("stream")).orElseThrow();
    String node = stream.getSpec().getNodeName();
    String hdfs = run.instanceSelector() + ",app.kubernetes.io/name=" + HdfsBuilder.APP;
    List<String> hdfsBefore = cluster.pods(hdfs).stream().map(p -> p.getMetadata().getUid()).toList();
    Kubectl drain = kubectl("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=90s");
    long hdfsEvicted = cluster.pods(hdfs).stream().filter(p -> !hdfsBefore.contains(p.getMetadata().getUid())
        || p.getMetadata().getDeletionTimestamp() != null).count();
    Kubectl uncordon = kubectl("uncordon", node);
    if (uncordon.exit() != 0) {
      throw new AssertionError("kubectl uncordon " + node + " failed: " + uncordon.output());
    }
    long evicted = drain.output().lines().filter(l -> l.contains(" evicted")).count();
    boolean budgetHeld = drain.output().contains("disruption budget");
    long ready = awaitReadyAndLines("the node was drained and uncordoned", t);
    summary.fault("node drained, then uncordoned", hdfsEvicted <= 1, t, "kubectl drain exit " + drain.exit()
        + ": " + evicted + " pods evicted, HDFS pods replaced " + hdfsEvicted + " (budget held the rest: "
        + budgetHeld + "); the pipeline Ready and lines flowing " + ready + " s after the drain began");
  }

  private record Kubectl(int exit, String output) {}

  private Kubectl kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    System.out.println("e2e: " + String.join(" ", command.subList(3, command.size())) + " exit " + exit + "\n"
        + out.lines().map(l -> "e2e:   " + l).collect(Collectors.joining("\n")));
    return new Kubectl(exit, out);
  }

  private void setSuspend(boolean suspend) {
    run.editSpec(spec -> spec.setSuspend(suspend));
  }

  /**
   * 200 more lines in the topic (the producer is back), then Ready with a micro-batch committed after
   * {@code since}: Ready alone can still be the one read before the operator saw the fault. Seconds since
   * {@code since}.
   */
  private long awaitReadyAndLines(String after, Instant since) {
    run.awaitLines(run.produced() + 200);
    Cluster.await("the pipeline Ready, a micro-batch committed after " + after, RECOVERY,
        () -> Optional.ofNullable(run.current()).filter(p -> ClusterE2eTest.conditionTrue(p, Condition.READY)
            && committedSince(p, since)),
        run::progress);
    return Duration.between(since, Instant.now()).toSeconds();
  }

  private static boolean committedSince(WebLogPipeline p, Instant since) {
    String last = p.getStatus().getStream() == null ? null : p.getStatus().getStream().getLastCommitTime();
    return last != null && Instant.parse(last).isAfter(since);
  }

  private StageStatus stream() {
    return run.current().getStatus().getStages().get("stream");
  }

  /** How the stream came through: failures (restarts with the backoff) and disruptions the fault added. */
  private static String streamRestarts(StageStatus before, StageStatus after) {
    return "stream attempt " + before.getAttempt() + " -> " + after.getAttempt() + ", failures +"
        + (after.getFailures() - before.getFailures()) + ", disruptions +"
        + (after.getDisruptions() - before.getDisruptions())
        + (after.getMessage() == null ? "" : " (last: " + after.getMessage() + ")");
  }
}
