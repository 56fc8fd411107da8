package dev.weblog.operator.builders;

import static dev.weblog.operator.builders.BuilderAssertions.assertOwnedAndLabelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.PolicySemantics.Source;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each HDFS policy is evaluated against the pods the other builders emit (executors as spark-kubernetes builds them
 * from our conf and template): it selects exactly its HDFS pods and admits exactly the pipeline's HDFS clients, so
 * a renamed label, a new pod that needs HDFS, or an executor without the pipeline's labels fails here.
 */
class HdfsNetworkPoliciesTest {

  @TempDir
  static Path tmp;
  static KubernetesClient offline;

  @BeforeAll
  static void offlineClient() {
    offline = new KubernetesClientBuilder().build();
  }

  @AfterAll
  static void close() {
    offline.close();
  }

  static Stream<WebLogPipeline> managed() {
    return Stream.of(Pipelines.minimal(), Pipelines.full(), Pipelines.plainKafka());
  }

  @ParameterizedTest
  @MethodSource("managed")
  void theNameNodeRpcPortAdmitsExactlyThePipelinesPodsThatUseHdfs(WebLogPipeline p) throws IOException {
    Map<String, Pod> pods = EmittedPods.of(p, tmp, offline);
    NetworkPolicy namenode = HdfsNetworkPolicies.namenode(p);
    assertEquals(Set.of("StatefulSet/" + Names.namenode(p)), selected(namenode, pods));
    assertEquals(hdfsClients(p, pods), admitted(namenode, p, pods, Endpoints.NAMENODE_RPC_PORT));
  }

  @ParameterizedTest
  @MethodSource("managed")
  void theDataNodesAdmitTheSameClientsOnDataAndIpcAndNobodyOnTheirWebUi(WebLogPipeline p) throws IOException {
    Map<String, Pod> pods = EmittedPods.of(p, tmp, offline);
    NetworkPolicy datanodes = HdfsNetworkPolicies.datanodes(p);
    assertEquals(Set.of("StatefulSet/" + Names.datanode(p)), selected(datanodes, pods));
    assertEquals(hdfsClients(p, pods), admitted(datanodes, p, pods, Endpoints.DATANODE_DATA_PORT));
    assertEquals(hdfsClients(p, pods), admitted(datanodes, p, pods, Endpoints.DATANODE_IPC_PORT));
    assertEquals(Set.of(), admitted(datanodes, p, pods, Endpoints.DATANODE_HTTP_PORT), "kubelet probes only");
    assertEquals(Set.of(), admitted(HdfsNetworkPolicies.namenode(p), p, pods, Endpoints.DATANODE_DATA_PORT));
  }

  /** Everything but the producer, which only talks to Kafka; counted, so an empty match cannot pass. */
  private static Set<String> hdfsClients(WebLogPipeline p, Map<String, Pod> pods) {
    Set<String> clients = new TreeSet<>(pods.keySet());
    assertTrue(clients.remove("Deployment/" + Names.producer(p)), "the producer is among " + pods.keySet());
    int stages = 2 + p.getSpec().getTraining().getTargets().size();
    assertEquals(2 + 1 + 2 * stages, clients.size(), "HDFS pods, loader, each stage's driver and executor: "
        + clients);
    assertEquals(stages, clients.stream().filter(k -> k.startsWith("executor of ")).count(), clients.toString());
    return clients;
  }

  @Test
  void theWebUiAdmitsThePipelinesNamespaceAndTheNamedOnesOnly() {
    WebLogPipeline full = Pipelines.full();
    NetworkPolicy namenode = HdfsNetworkPolicies.namenode(full);
    Source neighbour = source(Pipelines.NAMESPACE, Map.of("app", "curl"));
    Source monitoring = source("monitoring", Map.of("app", "prometheus"));
    Source elsewhere = source("elsewhere", Map.of("app", "curl"));
    assertTrue(PolicySemantics.admits(namenode, neighbour, Endpoints.NAMENODE_HTTP_PORT));
    assertTrue(PolicySemantics.admits(namenode, monitoring, Endpoints.NAMENODE_HTTP_PORT));
    assertFalse(PolicySemantics.admits(namenode, elsewhere, Endpoints.NAMENODE_HTTP_PORT));
    for (Source s : List.of(neighbour, monitoring, elsewhere)) {
      assertFalse(PolicySemantics.admits(namenode, s, Endpoints.NAMENODE_RPC_PORT), "the web UI is not RPC: " + s);
    }
    NetworkPolicy byDefault = HdfsNetworkPolicies.namenode(Pipelines.minimal());
    assertTrue(PolicySemantics.admits(byDefault, neighbour, Endpoints.NAMENODE_HTTP_PORT));
    assertFalse(PolicySemantics.admits(byDefault, monitoring, Endpoints.NAMENODE_HTTP_PORT),
        "no namespace but the pipeline's own by default");
  }

  @Test
  void anotherPipelinesPodsAndThisOnesLabelsInAnotherNamespaceAreRefused() throws IOException {
    WebLogPipeline p = Pipelines.minimal();
    Map<String, Pod> others = EmittedPods.of(Pipelines.minimal("other"), tmp, offline);
    for (NetworkPolicy policy : HdfsNetworkPolicies.all(p)) {
      assertEquals(Set.of(), selected(policy, others), policy.getMetadata().getName());
      for (int port : List.of(Endpoints.NAMENODE_RPC_PORT, Endpoints.DATANODE_DATA_PORT, Endpoints.DATANODE_IPC_PORT)) {
        assertEquals(Set.of(), admitted(policy, p, others, port), policy.getMetadata().getName() + " port " + port);
      }
    }
    Map<String, String> loaderLabels = HistoryLoaderBuilder.job(p, 1).getSpec().getTemplate().getMetadata()
        .getLabels();
    assertFalse(PolicySemantics.admits(HdfsNetworkPolicies.namenode(p), source("elsewhere", loaderLabels),
        Endpoints.NAMENODE_RPC_PORT), "the labels count in the pipeline's namespace only");
  }

  @Test
  void noPoliciesForAnExternalHdfsOrWhenTheSpecTurnsThemOff() {
    assertEquals(List.of(), HdfsNetworkPolicies.build(Pipelines.external()));
    WebLogPipeline off = Pipelines.minimal();
    off.getSpec().getNetworkPolicies().setEnabled(false);
    assertEquals(List.of(), HdfsNetworkPolicies.build(off));
    assertEquals(2, HdfsNetworkPolicies.all(off).size(), "still known, so the reconciler can delete them");
    assertEquals(HdfsNetworkPolicies.all(Pipelines.minimal()), HdfsNetworkPolicies.build(Pipelines.minimal()));
  }

  @Test
  void policiesAreIngressOnlyOwnedAndNamedAfterTheStatefulSetsTheyGuard() {
    WebLogPipeline p = Pipelines.full();
    for (NetworkPolicy policy : HdfsNetworkPolicies.all(p)) {
      assertOwnedAndLabelled(p, policy);
      assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes(), "egress is left alone");
      assertTrue(policy.getSpec().getIngress().stream().flatMap(r -> r.getPorts().stream())
          .allMatch(port -> "TCP".equals(port.getProtocol())));
    }
    assertEquals(List.of(Names.namenode(p), Names.datanode(p)),
        HdfsNetworkPolicies.all(p).stream().map(n -> n.getMetadata().getName()).toList());
  }

  private static Set<String> selected(NetworkPolicy policy, Map<String, Pod> pods) {
    return pods.entrySet().stream()
        .filter(e -> PolicySemantics.selects(policy, Pipelines.NAMESPACE, e.getValue().getMetadata().getLabels()))
        .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The pods that may open {@code port} on the pods the policy selects; all of them live in the namespace. */
  private static Set<String> admitted(NetworkPolicy policy, WebLogPipeline p, Map<String, Pod> pods, int port) {
    return pods.entrySet().stream()
        .filter(e -> PolicySemantics.admits(policy, source(p.getMetadata().getNamespace(),
            e.getValue().getMetadata().getLabels()), port))
        .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Namespaces carry their name as a label, as Kubernetes sets it from 1.21. */
  private static Source source(String namespace, Map<String, String> labels) {
    return new Source(namespace, Map.of(HdfsNetworkPolicies.NAMESPACE_NAME_LABEL, namespace), labels);
  }
}
