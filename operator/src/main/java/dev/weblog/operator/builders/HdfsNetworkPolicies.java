package dev.weblog.operator.builders;

import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The NetworkPolicies in front of the managed HDFS. The NameNode's RPC port and the DataNodes' data and IPC ports
 * admit only this pipeline's pods that use HDFS, selected by their labels; the NameNode web UI admits the
 * pipeline's namespace and the namespaces the spec names; nothing else reaches either. The kubelet's probes come
 * from the node, which NetworkPolicies do not filter.
 */
public final class HdfsNetworkPolicies {

  /** Kubernetes sets it on every namespace from 1.21; on older servers such a peer matches no namespace. */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  /** The apps whose pods talk to HDFS: HDFS itself, the history loader, Spark drivers and executors (not the producer). */
  static final List<String> HDFS_CLIENT_APPS = List.of(HdfsBuilder.APP, HistoryLoaderBuilder.APP, SparkAppBuilder.APP);

  private HdfsNetworkPolicies() {}

  /** The policies the pipeline wants: none for an external HDFS or when the spec turns them off. */
  public static List<HasMetadata> build(WebLogPipeline p) {
    return wanted(p) ? List.copyOf(all(p)) : List.of();
  }

  public static boolean wanted(WebLogPipeline p) {
    return p.getSpec().getHdfs().isManaged() && p.getSpec().getNetworkPolicies().isEnabled();
  }

  /** Every policy a pipeline can have, wanted or not: what the reconciler deletes once they are turned off. */
  public static List<NetworkPolicy> all(WebLogPipeline p) {
    return List.of(namenode(p), datanodes(p));
  }

  public static NetworkPolicy namenode(WebLogPipeline p) {
    return policy(p, Names.namenode(p), HdfsBuilder.NAMENODE,
        rule(hdfsClients(p), Endpoints.NAMENODE_RPC_PORT),
        rule(webUiClients(p), Endpoints.NAMENODE_HTTP_PORT));
  }

  /** Block reads and writes (data) and the client's and peers' block recovery calls (IPC); the web UI stays shut. */
  public static NetworkPolicy datanodes(WebLogPipeline p) {
    return policy(p, Names.datanode(p), HdfsBuilder.DATANODE,
        rule(hdfsClients(p), Endpoints.DATANODE_DATA_PORT, Endpoints.DATANODE_IPC_PORT));
  }

  /**
   * One peer per app: the HDFS pods themselves (DataNodes register with the NameNode and replicate to each other;
   * the NameNode reads blocks for fsck, and an admin's {@code hdfs dfs} in its pod), the loader, Spark.
   */
  static List<NetworkPolicyPeer> hdfsClients(WebLogPipeline p) {
    return HDFS_CLIENT_APPS.stream().map(app -> new NetworkPolicyPeerBuilder()
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(ObjectMetas.appSelector(p, app)).build())
        .build()).toList();
  }

  /** Any pod of the pipeline's namespace, and of each namespace the spec names. */
  static List<NetworkPolicyPeer> webUiClients(WebLogPipeline p) {
    List<NetworkPolicyPeer> peers = new ArrayList<>();
    peers.add(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build());
    List<String> namespaces = p.getSpec().getHdfs().getWebUiNamespaces();
    if (!namespaces.isEmpty()) {
      peers.add(new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
          .addNewMatchExpression().withKey(NAMESPACE_NAME_LABEL).withOperator("In").withValues(namespaces)
          .endMatchExpression()
          .endNamespaceSelector().build());
    }
    return peers;
  }

  private static NetworkPolicy policy(WebLogPipeline p, String name, String component,
      NetworkPolicyIngressRule... rules) {
    return new NetworkPolicyBuilder()
        .withMetadata(ObjectMetas.of(p, name, HdfsBuilder.APP, component))
        .withNewSpec()
        .withNewPodSelector().withMatchLabels(ObjectMetas.selector(p, HdfsBuilder.APP, component)).endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }

  private static NetworkPolicyIngressRule rule(List<NetworkPolicyPeer> from, int... ports) {
    List<NetworkPolicyPort> open = Arrays.stream(ports).mapToObj(port -> new NetworkPolicyPortBuilder()
        .withProtocol("TCP").withPort(new IntOrString(port)).build()).toList();
    return new NetworkPolicyIngressRuleBuilder().withFrom(from).withPorts(open).build();
  }
}
