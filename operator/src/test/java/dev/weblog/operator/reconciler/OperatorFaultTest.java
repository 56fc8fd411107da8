package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.FaultProxy;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.PipelineObjects;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaStatusBuilder;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserStatusBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Operator faults on a real API server ({@link RealKubernetes}), injected by a {@link FaultProxy} in front of it
 * that only the operator's client goes through; the test plays the rest of the cluster with the admin client
 * directly. The proxy's hook counts the operator's writes (every request but a GET with the operator's user agent;
 * a server-side apply is a PATCH) and fails exactly the k-th one, for every k of a clean run. Expectations (the
 * mock server's {@code expect()...once()}) match a method and path, so they could only fail the first POST to
 * {@code /pods}; and the mock server refuses server-side apply anyway. The operator's client has request retries
 * off, so each fault reaches the reconciler instead of being absorbed by the HTTP client. After every run the
 * namespace must hold exactly the objects a clean run leaves: no duplicate driver, Job, StatefulSet or Strimzi
 * resource.
 */
class OperatorFaultTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final String AGENT = "weblog-operator-faulty";
  static final int MAX_ROUNDS = 60;
  static final int DELETIONS = 25;
  /** A second attempt of the loader Job or of a batch driver: what a recreated child must never cause. */
  static final String BATCH_RERUN = ".*-(ingest|train-[a-z-]+|load-history)-([2-9]|\\d\\d).*";

  /** How a write is made to fail. */
  enum Fault {
    CONFLICT_409(409, false),
    SERVER_ERROR_500(500, false),
    UNAVAILABLE_503(503, false),
    /** The write is applied but its answer is lost: the operator sees a 500 for a change that happened. */
    APPLIED_ANSWER_LOST_500(500, true);

    final int code;
    final boolean applied;

    Fault(int code, boolean applied) {
      this.code = code;
      this.applied = applied;
    }
  }

  private static Reference reference;
  private final List<World> worlds = new ArrayList<>();
  private World world;

  /** What a run without faults writes and leaves behind. */
  record Reference(int writes, int reconciles, Set<String> objects, List<String> writeLog) {}

  /**
   * One namespace, the test's (admin) client, the operator's client through its own proxy and the hook counting
   * its writes. Runs share it, each with its own pipeline: every child's name starts with its pipeline's.
   */
  final class World implements AutoCloseable {
    final FaultyWrites faults = new FaultyWrites();
    final FaultProxy proxy = FaultProxy.start(KUBE.adminConfig());
    final KubernetesClient client = KUBE.client();
    final KubernetesClient operatorClient;
    final String ns;
    final Harness h;
    int runs;
    String name;
    int reconciles;
    int thrown;

    /** In {@code ns}, which must exist. */
    World(String ns) {
      this.ns = ns;
      worlds.add(this);
      proxy.faults(faults);
      operatorClient = new KubernetesClientBuilder().withConfig(proxy.clientConfig(AGENT)).build();
      h = new Harness(client, operatorClient, ns);
    }

    @Override
    public void close() {
      operatorClient.close();
      proxy.close();
    }

    /** A new pipeline, a fresh operator and counters back at zero; {@code failAt} is set before anything runs. */
    World run(int failAt, Fault fault) {
      name = "run" + (++runs);
      reconciles = 0;
      thrown = 0;
      faults.writes.set(0);
      faults.injected = 0;
      synchronized (faults.log) {
        faults.log.clear();
      }
      faults.fault = fault;
      faults.failAt = failAt;
      h.restartOperator();
      h.create(Pipelines.minimal(name));
      return this;
    }

    /** One reconcile as JOSDK runs it: status patched on success, the error status on an exception. */
    void reconcile(boolean restartOnFault, int dropStatusAt) {
      reconciles++;
      if (reconciles == dropStatusAt) {
        h.reconciler.reconcile(h.get(name));
        h.restartOperator();
        return;
      }
      try {
        h.reconcile(name);
      } catch (RuntimeException e) {
        thrown++;
        if (restartOnFault) {
          h.restartOperator();
        } else {
          WebLogPipeline p = h.get(name);
          h.reconciler.updateErrorStatus(p, null, e);
          client.resources(WebLogPipeline.class).inNamespace(ns).resource(p).updateStatus();
        }
      }
    }

    /** Reconciles and plays the cluster until the pipeline is Ready and a further reconcile changes nothing. */
    WebLogPipeline settle(boolean restartOnFault, int dropStatusAt) {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        reconcile(restartOnFault, dropStatusAt);
        WebLogPipeline p = h.get(name);
        if (ready(p) && !playCluster()) {
          int writesBefore = faults.writes.get();
          reconcile(restartOnFault, dropStatusAt);
          if (faults.writes.get() == writesBefore && ready(h.get(name))) {
            return h.get(name);
          }
          continue;
        }
        playCluster();
        h.clock.advance(h.lastRequeue.orElse(Duration.ofSeconds(1)));
      }
      WebLogPipeline p = h.get(name);
      fail("no Ready within " + MAX_ROUNDS + " rounds: " + (p.getStatus() == null ? "no status"
          : Harness.condition(p, Condition.READY).getMessage()) + "; objects " + objects());
      return p;
    }

    /**
     * Plays kubelet, StatefulSet and Job controllers and Strimzi: whatever the operator made becomes ready and
     * every batch driver succeeds. Returns whether anything changed.
     */
    boolean playCluster() {
      boolean changed = false;
      for (StatefulSet s : client.apps().statefulSets().inNamespace(ns).list().getItems()) {
        int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        if (s.getStatus() == null || s.getStatus().getReadyReplicas() == null
            || s.getStatus().getReadyReplicas() != replicas) {
          s.setStatus(new StatefulSetStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas).build());
          client.resource(s).updateStatus();
          changed = true;
        }
      }
      for (Kafka k : client.resources(Kafka.class).inNamespace(ns).list().getItems()) {
        if (k.getStatus() == null) {
          k.setStatus(new KafkaStatusBuilder().withObservedGeneration(gen(k)).withConditions(ready()).build());
          client.resource(k).updateStatus();
          changed = true;
        }
      }
      for (KafkaTopic t : client.resources(KafkaTopic.class).inNamespace(ns).list().getItems()) {
        if (t.getStatus() == null) {
          t.setStatus(new KafkaTopicStatusBuilder().withObservedGeneration(gen(t)).withConditions(ready()).build());
          client.resource(t).updateStatus();
          changed = true;
        }
      }
      for (KafkaUser u : client.resources(KafkaUser.class).inNamespace(ns).list().getItems()) {
        if (u.getStatus() == null) {
          u.setStatus(new KafkaUserStatusBuilder().withObservedGeneration(gen(u)).withConditions(ready()).build());
          client.resource(u).updateStatus();
          changed = true;
        }
      }
      for (Job j : client.batch().v1().jobs().inNamespace(ns).list().getItems()) {
        if (j.getStatus() == null || j.getStatus().getSucceeded() == null) {
          j.setStatus(new JobStatusBuilder().withSucceeded(1).addNewCondition().withType("Complete")
              .withStatus("True").endCondition().build());
          client.resource(j).updateStatus();
          changed = true;
        }
      }
      for (Pod pod : client.pods().inNamespace(ns).list().getItems()) {
        // The API server makes every new pod Pending: no kubelet moves it on but this.
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (phase == null || phase.equals("Pending")) {
          String component = pod.getMetadata().getLabels() == null ? ""
              : pod.getMetadata().getLabels().getOrDefault("app.kubernetes.io/component", "");
          if (component.equals(SparkStage.ingest().id())) {
            ended(pod, "ingested 100000 lines");
          } else if (component.equals(SparkStage.train(Target.GENDER).id())) {
            ended(pod, Harness.GENDER_OK);
          } else if (component.equals(SparkStage.train(Target.AGE_GROUP).id())) {
            ended(pod, Harness.AGE_OK);
          } else {
            pod.setStatus(new PodStatusBuilder().withPhase("Running").build());
            client.resource(pod).updateStatus();
          }
          changed = true;
        }
      }
      return changed;
    }

    private void ended(Pod pod, String message) {
      pod.setStatus(new PodStatusBuilder().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder()
          .withName("spark-kubernetes-driver").withNewState().withNewTerminated().withExitCode(0).withMessage(message)
          .endTerminated().endState().build()).build());
      client.resource(pod).updateStatus();
    }

    /**
     * Every object of the pipeline's in the namespace but events and the pipeline itself, as {@code Kind/name}.
     * Service-account tokens are the token controller's, made for every ServiceAccount: not the operator's doing.
     */
    Set<String> objects() {
      List<HasMetadata> all = new ArrayList<>(PipelineObjects.in(client, ns));
      client.secrets().inNamespace(ns).list().getItems().stream()
          .filter(s -> !"kubernetes.io/service-account-token".equals(s.getType())).forEach(all::add);
      return all.stream().filter(o -> o.getMetadata().getName().startsWith(name + "-"))
          .map(o -> o.getKind() + "/<pipeline>" + o.getMetadata().getName().substring(name.length()))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** Counts the operator's writes and answers the k-th with an injected error instead of (or after) the write. */
  static final class FaultyWrites implements FaultProxy.Faults {
    final AtomicInteger writes = new AtomicInteger();
    final List<String> log = new ArrayList<>();
    volatile int failAt = -1;
    volatile Fault fault = Fault.SERVER_ERROR_500;
    volatile int injected;

    @Override
    public FaultProxy.Fault decide(String method, String path, String userAgent) {
      if (method.equals("GET") || !AGENT.equals(userAgent)) {
        return null;
      }
      int n = writes.incrementAndGet();
      synchronized (log) {
        log.add(method + " " + path);
      }
      if (n != failAt) {
        return null;
      }
      injected++;
      return new FaultProxy.Fault(fault.code, fault.applied);
    }
  }

  /** This test's namespace: a World lives for one test method. */
  private World world() {
    if (world == null) {
      world = new World(KUBE.namespace());
    }
    return world;
  }

  @AfterEach
  void stopProxies() {
    worlds.forEach(World::close);
    worlds.clear();
  }

  /** Computed once per class, in a namespace of its own: the first test's namespace has a World of its own. */
  synchronized Reference reference() {
    if (reference == null) {
      String ns = KUBE.namespace() + "-reference";
      KUBE.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
          .build()).create();
      World w = new World(ns).run(-1, Fault.SERVER_ERROR_500);
      WebLogPipeline p = w.settle(false, -1);
      assertTrue(ready(p));
      assertEquals(0, w.thrown, "a clean run throws nothing");
      List<String> log;
      synchronized (w.faults.log) {
        log = List.copyOf(w.faults.log);
      }
      reference = new Reference(w.faults.writes.get(), w.reconciles, w.objects(), log);
      System.out.println("OperatorFaultTest clean run: " + reference.writes() + " writes in " + reference.reconciles()
          + " reconciles, objects " + reference.objects());
    }
    return reference;
  }

  /** Default build: every fault on a spread of writes, so each step and each kind of answer is hit once. */
  @Test
  void eachFaultOnASpreadOfWritesConvergesWithNoDuplicates() {
    Reference ref = reference();
    assertTrue(ref.writes() > 10, "the clean run writes the pipeline's children: " + ref.writeLog());
    List<Fault> modes = List.of(Fault.values());
    int stride = Math.max(1, ref.writes() / 12);
    int runs = 0;
    for (int k = 1; k <= ref.writes(); k += stride) {
      Fault fault = modes.get(runs % modes.size());
      boolean restart = runs % 2 == 0;
      faultAt(ref, k, fault, restart);
      runs++;
    }
    statusLostAt(ref, 1 + ref.reconciles() / 2);
    System.out.println("Reliability operator (sample): " + runs + " faulted runs over " + ref.writes()
        + " writes, all Ready, duplicates 0");
  }

  @Test
  @Tag("faults")
  void operatorStoppedAtEveryWriteAndRestartedConvergesWithNoDuplicates() {
    Reference ref = reference();
    for (int k = 1; k <= ref.writes(); k++) {
      faultAt(ref, k, Fault.SERVER_ERROR_500, true);
    }
    System.out.println("Reliability operator: stopped at each of " + ref.writes() + " writes, all Ready, duplicates 0");
  }

  @Test
  @Tag("faults")
  void statusLostAfterEveryReconcileAndOperatorRestartedConvergesWithNoDuplicates() {
    Reference ref = reference();
    for (int r = 1; r <= ref.reconciles(); r++) {
      statusLostAt(ref, r);
    }
    System.out.println("Reliability operator: status lost after each of " + ref.reconciles()
        + " reconciles, all Ready, duplicates 0");
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  @Tag("faults")
  void errorAnswerOnEveryWriteIsRetriedToReadyWithNoDuplicates(Fault fault) {
    Reference ref = reference();
    for (int k = 1; k <= ref.writes(); k++) {
      faultAt(ref, k, fault, false);
    }
    System.out.println("Reliability operator: " + fault + " on each of " + ref.writes()
        + " writes, all Ready, duplicates 0");
  }

  /** The k-th write fails; with {@code restart} the operator is replaced, as if the fault had killed it. */
  private void faultAt(Reference ref, int k, Fault fault, boolean restart) {
    World w = world().run(k, fault);
    WebLogPipeline p = w.settle(restart, -1);
    String what = fault + (restart ? " and restart" : "") + " at write " + k + " (" + ref.writeLog().get(k - 1) + ")";
    assertEquals(1, w.faults.injected, what + " was injected");
    assertEquals(ref.objects(), w.objects(), what);
    assertEquals(ConditionStatus.TRUE, Harness.condition(p, Condition.READY).getStatus(), what);
  }

  /** Reconcile r runs but its status is never written and the operator is replaced. */
  private void statusLostAt(Reference ref, int r) {
    World w = world().run(-1, Fault.SERVER_ERROR_500);
    w.settle(false, r);
    assertTrue(w.reconciles >= r, "reconcile " + r + " happened");
    assertEquals(ref.objects(), w.objects(), "after losing the status of reconcile " + r);
  }

  @Test
  void childObjectsDeletedAtRandomAreRecreatedToReadyWithNoDuplicates() {
    Reference ref = reference();
    SplittableRandom random = new SplittableRandom(10);
    World w = world().run(-1, Fault.SERVER_ERROR_500);
    w.settle(false, -1);
    Map<String, Integer> deletedByKind = new TreeMap<>();
    for (int round = 0; round < DELETIONS; round++) {
      List<HasMetadata> children = children(w.client, w.ns, w.name);
      HasMetadata victim = children.get(random.nextInt(children.size()));
      String id = victim.getKind() + "/" + victim.getMetadata().getName();
      w.client.resource(victim).withGracePeriod(0).delete();
      // A real server may take a moment (finalizers, the garbage collector): the operator must find it gone.
      w.client.resource(victim).waitUntilCondition(Objects::isNull, 30, TimeUnit.SECONDS);
      deletedByKind.merge(victim.getKind(), 1, Integer::sum);
      w.settle(false, -1);
      Set<String> now = w.objects();
      assertEquals(longLived(ref.objects()), longLived(now), "after deleting " + id + " in round " + round);
      assertEquals(List.of(), now.stream().filter(o -> o.matches(BATCH_RERUN)).toList(),
          "no batch stage ran again after deleting " + id);
      Map<String, Long> liveDrivers = w.client.pods().inNamespace(w.ns).list().getItems().stream()
          .filter(pod -> !"Succeeded".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase()))
          .collect(Collectors.groupingBy(pod -> pod.getMetadata().getLabels().getOrDefault(
              "app.kubernetes.io/component", "?"), Collectors.counting()));
      assertEquals(Map.of(SparkStage.stream().id(), 1L), liveDrivers,
          "one streaming driver, no batch driver left running, after deleting " + id);
    }
    assertTrue(deletedByKind.size() >= 5, "the deletions hit many kinds: " + deletedByKind);
    System.out.println("Reliability operator: " + DELETIONS + " random child deletions " + deletedByKind
        + ", all Ready, duplicates 0");
  }

  /**
   * What the operator made for the pipeline, the pods included: what a careless admin might delete. Not the
   * namespace's {@code default} ServiceAccount, which the service-account controller makes.
   */
  private static List<HasMetadata> children(KubernetesClient client, String ns, String pipeline) {
    return PipelineObjects.in(client, ns).stream()
        .filter(o -> !o.getKind().equals("Job") && !o.getKind().equals("PersistentVolumeClaim"))
        .filter(o -> o.getMetadata().getName().startsWith(pipeline + "-")).collect(Collectors.toList());
  }

  /** Objects but a driver attempt's pod, service and config maps and the loader Job: a finished one is history. */
  private static Set<String> longLived(Set<String> objects) {
    return objects.stream().filter(o -> !o.startsWith("Pod/") && !o.startsWith("Job/")
        && !o.matches(".*-(ingest|stream|train-[a-z-]+)-\\d+-.*")).collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean ready(WebLogPipeline p) {
    return p.getStatus() != null && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals(Condition.READY)
            && c.getStatus() == ConditionStatus.TRUE);
  }

  private static io.strimzi.api.kafka.model.common.Condition ready() {
    return new ConditionBuilder().withType("Ready").withStatus("True").build();
  }

  private static long gen(HasMetadata o) {
    return o.getMetadata().getGeneration() == null ? 0 : o.getMetadata().getGeneration();
  }
}
