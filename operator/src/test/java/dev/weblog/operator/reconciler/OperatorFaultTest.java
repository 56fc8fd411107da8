package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaStatusBuilder;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserStatusBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Operator faults on the fabric8 mock server in CRUD mode. Faults are injected by a dispatcher wrapped around the
 * mock server's own CRUD dispatcher rather than with {@code server.expect()...once()}: an expectation matches a
 * method and path, so it can only fail the first POST to {@code /pods}, while the wrapper counts the operator's
 * writes (recognised by its user agent) and fails exactly the k-th one, for every k of a clean run. The
 * operator's client has request retries off, so each fault reaches the reconciler instead of being absorbed by
 * the HTTP client. After every run the cluster must hold exactly the objects a clean run leaves: no duplicate
 * driver, Job, StatefulSet or Strimzi resource.
 */
class OperatorFaultTest {

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
  private final List<KubernetesMockServer> servers = new ArrayList<>();
  private World world;

  /** What a run without faults writes and leaves behind. */
  record Reference(int writes, int reconciles, Set<String> objects, List<String> writeLog) {}

  /**
   * One mock API server, the test's client, the operator's client and the dispatcher counting its writes. Runs
   * share it, each with its own pipeline: every child's name starts with its pipeline's.
   */
  final class World {
    final FaultyDispatcher dispatcher = new FaultyDispatcher(new KubernetesMixedDispatcher(new HashMap<>()));
    final KubernetesClient client;
    final KubernetesClient operatorClient;
    final Harness h;
    int runs;
    String name;
    int reconciles;
    int thrown;

    World() {
      KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
          dispatcher, false);
      server.init();
      servers.add(server);
      client = server.createClient();
      operatorClient = server.createClient(b -> b.withConfig(new ConfigBuilder(client.getConfiguration())
          .withUserAgent(AGENT).withRequestRetryBackoffLimit(0).build()));
      h = new Harness(client, operatorClient);
    }

    /** A new pipeline, a fresh operator and counters back at zero; {@code failAt} is set before anything runs. */
    World run(int failAt, Fault fault) {
      name = "run" + (++runs);
      reconciles = 0;
      thrown = 0;
      dispatcher.writes.set(0);
      dispatcher.injected = 0;
      synchronized (dispatcher.log) {
        dispatcher.log.clear();
      }
      dispatcher.fault = fault;
      dispatcher.failAt = failAt;
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
          client.resources(WebLogPipeline.class).inNamespace(NS).resource(p).updateStatus();
        }
      }
    }

    /** Reconciles and plays the cluster until the pipeline is Ready and a further reconcile changes nothing. */
    WebLogPipeline settle(boolean restartOnFault, int dropStatusAt) {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        reconcile(restartOnFault, dropStatusAt);
        WebLogPipeline p = h.get(name);
        if (ready(p) && !playCluster()) {
          int writesBefore = dispatcher.writes.get();
          reconcile(restartOnFault, dropStatusAt);
          if (dispatcher.writes.get() == writesBefore && ready(h.get(name))) {
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
      for (StatefulSet s : client.apps().statefulSets().inNamespace(NS).list().getItems()) {
        int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        if (s.getStatus() == null || s.getStatus().getReadyReplicas() == null
            || s.getStatus().getReadyReplicas() != replicas) {
          s.setStatus(new StatefulSetStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas).build());
          client.resource(s).updateStatus();
          changed = true;
        }
      }
      for (Kafka k : client.resources(Kafka.class).inNamespace(NS).list().getItems()) {
        if (k.getStatus() == null) {
          k.setStatus(new KafkaStatusBuilder().withObservedGeneration(gen(k)).withConditions(ready()).build());
          client.resource(k).updateStatus();
          changed = true;
        }
      }
      for (KafkaTopic t : client.resources(KafkaTopic.class).inNamespace(NS).list().getItems()) {
        if (t.getStatus() == null) {
          t.setStatus(new KafkaTopicStatusBuilder().withObservedGeneration(gen(t)).withConditions(ready()).build());
          client.resource(t).updateStatus();
          changed = true;
        }
      }
      for (KafkaUser u : client.resources(KafkaUser.class).inNamespace(NS).list().getItems()) {
        if (u.getStatus() == null) {
          u.setStatus(new KafkaUserStatusBuilder().withObservedGeneration(gen(u)).withConditions(ready()).build());
          client.resource(u).updateStatus();
          changed = true;
        }
      }
      for (Job j : client.batch().v1().jobs().inNamespace(NS).list().getItems()) {
        if (j.getStatus() == null || j.getStatus().getSucceeded() == null) {
          j.setStatus(new JobStatusBuilder().withSucceeded(1).addNewCondition().withType("Complete")
              .withStatus("True").endCondition().build());
          client.resource(j).updateStatus();
          changed = true;
        }
      }
      for (Pod pod : client.pods().inNamespace(NS).list().getItems()) {
        if (pod.getStatus() == null || pod.getStatus().getPhase() == null) {
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

    /** Every object in the namespace but events and the pipeline itself, as {@code Kind/name}. */
    Set<String> objects() {
      List<HasMetadata> all = new ArrayList<>();
      all.addAll(client.apps().statefulSets().inNamespace(NS).list().getItems());
      all.addAll(client.apps().deployments().inNamespace(NS).list().getItems());
      all.addAll(client.services().inNamespace(NS).list().getItems());
      all.addAll(client.configMaps().inNamespace(NS).list().getItems());
      all.addAll(client.secrets().inNamespace(NS).list().getItems());
      all.addAll(client.serviceAccounts().inNamespace(NS).list().getItems());
      all.addAll(client.rbac().roles().inNamespace(NS).list().getItems());
      all.addAll(client.rbac().roleBindings().inNamespace(NS).list().getItems());
      all.addAll(client.persistentVolumeClaims().inNamespace(NS).list().getItems());
      all.addAll(client.batch().v1().jobs().inNamespace(NS).list().getItems());
      all.addAll(client.pods().inNamespace(NS).list().getItems());
      all.addAll(client.resources(Kafka.class).inNamespace(NS).list().getItems());
      all.addAll(client.resources(KafkaNodePool.class).inNamespace(NS).list().getItems());
      all.addAll(client.resources(KafkaTopic.class).inNamespace(NS).list().getItems());
      all.addAll(client.resources(KafkaUser.class).inNamespace(NS).list().getItems());
      return all.stream().filter(o -> o.getMetadata().getName().startsWith(name + "-"))
          .map(o -> o.getKind() + "/<pipeline>" + o.getMetadata().getName().substring(name.length()))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** Counts the operator's writes and answers the k-th with an injected error instead of (or after) the CRUD. */
  static final class FaultyDispatcher extends Dispatcher {
    final Dispatcher crud;
    final AtomicInteger writes = new AtomicInteger();
    final List<String> log = new ArrayList<>();
    volatile int failAt = -1;
    volatile Fault fault = Fault.SERVER_ERROR_500;
    volatile int injected;

    FaultyDispatcher(Dispatcher crud) {
      this.crud = crud;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      boolean write = !request.getMethod().equals("GET") && AGENT.equals(request.getHeader("User-Agent"));
      if (write) {
        int n = writes.incrementAndGet();
        synchronized (log) {
          log.add(request.getMethod() + " " + request.getPath());
        }
        if (n == failAt) {
          injected++;
          if (fault.applied) {
            crud.dispatch(request);
          }
          return new MockResponse().setResponseCode(fault.code).setHeader("Content-Type", "application/json")
              .setBody("{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + fault.code
                  + ",\"reason\":\"Injected\",\"message\":\"fault injected by OperatorFaultTest\"}");
        }
      }
      return crud.dispatch(request);
    }

    @Override
    public void shutdown() {
      crud.shutdown();
    }
  }

  private World world() {
    if (world == null) {
      world = new World();
    }
    return world;
  }

  @AfterEach
  void stopServers() {
    servers.forEach(KubernetesMockServer::destroy);
    servers.clear();
  }

  synchronized Reference reference() {
    if (reference == null) {
      World w = new World().run(-1, Fault.SERVER_ERROR_500);
      WebLogPipeline p = w.settle(false, -1);
      assertTrue(ready(p));
      assertEquals(0, w.thrown, "a clean run throws nothing");
      List<String> log;
      synchronized (w.dispatcher.log) {
        log = List.copyOf(w.dispatcher.log);
      }
      reference = new Reference(w.dispatcher.writes.get(), w.reconciles, w.objects(), log);
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
    assertEquals(1, w.dispatcher.injected, what + " was injected");
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
      List<HasMetadata> children = children(w.client);
      HasMetadata victim = children.get(random.nextInt(children.size()));
      String id = victim.getKind() + "/" + victim.getMetadata().getName();
      w.client.resource(victim).withGracePeriod(0).delete();
      deletedByKind.merge(victim.getKind(), 1, Integer::sum);
      w.settle(false, -1);
      Set<String> now = w.objects();
      assertEquals(longLived(ref.objects()), longLived(now), "after deleting " + id + " in round " + round);
      assertEquals(List.of(), now.stream().filter(o -> o.matches(BATCH_RERUN)).toList(),
          "no batch stage ran again after deleting " + id);
      Map<String, Long> liveDrivers = w.client.pods().inNamespace(NS).list().getItems().stream()
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

  /** What the operator made for the pipeline, the pods included: what a careless admin might delete. */
  private static List<HasMetadata> children(KubernetesClient client) {
    return Stream.of(
            client.apps().statefulSets().inNamespace(NS).list().getItems(),
            client.apps().deployments().inNamespace(NS).list().getItems(),
            client.services().inNamespace(NS).list().getItems(),
            client.configMaps().inNamespace(NS).list().getItems(),
            client.serviceAccounts().inNamespace(NS).list().getItems(),
            client.rbac().roles().inNamespace(NS).list().getItems(),
            client.rbac().roleBindings().inNamespace(NS).list().getItems(),
            client.pods().inNamespace(NS).list().getItems(),
            client.resources(Kafka.class).inNamespace(NS).list().getItems(),
            client.resources(KafkaNodePool.class).inNamespace(NS).list().getItems(),
            client.resources(KafkaTopic.class).inNamespace(NS).list().getItems(),
            client.resources(KafkaUser.class).inNamespace(NS).list().getItems())
        .flatMap(List::stream).map(o -> (HasMetadata) o).collect(Collectors.toList());
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
