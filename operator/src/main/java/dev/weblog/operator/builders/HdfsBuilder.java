package dev.weblog.operator.builders;

import dev.weblog.operator.api.HdfsSpec;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A managed HDFS: configuration, one NameNode, N DataNodes, and their Services. */
public final class HdfsBuilder {

  public static final String APP = "hdfs";
  public static final String NAMENODE = "namenode";
  public static final String DATANODE = "datanode";
  public static final String CONF_DIR = "/etc/hadoop/weblog";
  public static final String DATA_MOUNT = "/hadoop/dfs";
  public static final String NAME_DIR = DATA_MOUNT + "/name";
  public static final String DATA_DIR = DATA_MOUNT + "/data";
  static final String DATA_VOLUME = "data";
  static final String CONF_VOLUME = "hadoop-conf";

  /**
   * Formats the NameNode only when its volume holds no metadata yet; -nonInteractive refuses to format over
   * existing metadata, a second guard against losing the file system.
   */
  public static final String FORMAT_SCRIPT = """
      set -eu
      if [ -f "$NAME_DIR/current/VERSION" ]; then
        echo "NameNode metadata found in $NAME_DIR; not formatting"
      else
        echo "No NameNode metadata in $NAME_DIR; formatting cluster $CLUSTER_ID"
        hdfs namenode -format -nonInteractive -clusterId "$CLUSTER_ID"
      fi
      """;

  /** Asks the NameNode over RPC (not just TCP), so DataNodes start once it really serves. */
  public static final String WAIT_FOR_NAMENODE_SCRIPT = """
      until hdfs dfs -test -d /; do
        echo "waiting for the NameNode at $NAMENODE_URI"
        sleep 5
      done
      """;

  private static final String LOG4J = """
      log4j.rootLogger=INFO,console
      log4j.appender.console=org.apache.log4j.ConsoleAppender
      log4j.appender.console.target=System.err
      log4j.appender.console.layout=org.apache.log4j.PatternLayout
      log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %p %c{2}: %m%n
      """;

  private HdfsBuilder() {}

  /** Everything, in creation order; empty when HDFS is external. */
  public static List<HasMetadata> build(WebLogPipeline p) {
    if (!p.getSpec().getHdfs().isManaged()) {
      return List.of();
    }
    return List.of(configMap(p), namenodeService(p), datanodeService(p), clientService(p), disruptionBudget(p),
        namenode(p), datanodes(p));
  }

  /**
   * One budget over every HDFS pod, the NameNode and the DataNodes alike, one of them unavailable at most: a drain
   * (or any eviction) takes them one at a time, each back and ready before the next goes. So a drain never takes
   * the NameNode and a DataNode at once, nor two DataNodes while blocks have only the replicas HDFS keeps
   * ({@code dfs.replication}, at most 3); a budget per component could not say "not both at once". A pod that
   * cannot come back (a single node cordoned) holds the drain, as it should: that is the one copy of the data.
   * policy/v1 here; {@code ServerCompatibility} serves policy/v1beta1 to servers before 1.21.
   */
  public static PodDisruptionBudget disruptionBudget(WebLogPipeline p) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(ObjectMetas.of(p, Names.hdfsDisruptionBudget(p), APP, "disruption-budget"))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector().withMatchLabels(ObjectMetas.appSelector(p, APP)).endSelector()
        .endSpec()
        .build();
  }

  public static ConfigMap configMap(WebLogPipeline p) {
    HdfsSpec hdfs = p.getSpec().getHdfs();
    Map<String, String> core = Map.of("fs.defaultFS", Endpoints.hdfsUri(p));
    Map<String, String> site = new LinkedHashMap<>();
    site.put("dfs.namenode.name.dir", "file://" + NAME_DIR);
    site.put("dfs.datanode.data.dir", "file://" + DATA_DIR);
    site.put("dfs.replication", String.valueOf(Math.min(hdfs.getDatanodes(), 3)));
    // Pods have no reverse DNS for their IPs; without this the NameNode refuses DataNode registrations.
    site.put("dfs.namenode.datanode.registration.ip-hostname-check", "false");
    site.put("dfs.namenode.rpc-bind-host", "0.0.0.0");
    site.put("dfs.namenode.servicerpc-bind-host", "0.0.0.0");
    site.put("dfs.namenode.http-bind-host", "0.0.0.0");
    // Only the jobs' user reaches the base (HdfsAccess); simple auth still believes any name a client claims.
    site.put("dfs.permissions.enabled", "true");
    // WebHDFS would serve the data on the web UI's port, which more pods may reach than the RPC port.
    site.put("dfs.webhdfs.enabled", "false");
    return new ConfigMapBuilder()
        .withMetadata(ObjectMetas.of(p, Names.hdfsConfig(p), APP, "config"))
        .addToData("core-site.xml", HadoopXml.of(core))
        .addToData("hdfs-site.xml", HadoopXml.of(site))
        .addToData("log4j.properties", LOG4J)
        .build();
  }

  /** Headless: gives the NameNode pod a stable DNS name, even before it is ready. */
  public static Service namenodeService(WebLogPipeline p) {
    return headless(p, Names.namenode(p), NAMENODE, namenodePorts());
  }

  public static Service datanodeService(WebLogPipeline p) {
    return headless(p, Names.datanode(p), DATANODE, datanodePorts());
  }

  /** What clients use: only a ready NameNode receives traffic. */
  public static Service clientService(WebLogPipeline p) {
    return new ServiceBuilder()
        .withMetadata(ObjectMetas.of(p, Names.hdfsClient(p), APP, NAMENODE))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(ObjectMetas.selector(p, APP, NAMENODE))
        .withPorts(namenodePorts())
        .endSpec()
        .build();
  }

  public static StatefulSet namenode(WebLogPipeline p) {
    HdfsSpec hdfs = p.getSpec().getHdfs();
    Container format = hadoopContainer(p, "format")
        .withCommand("sh", "-c", FORMAT_SCRIPT)
        .addToEnv(new EnvVar("NAME_DIR", NAME_DIR, null), new EnvVar("CLUSTER_ID", clusterId(p), null))
        .build();
    Container namenode = hadoopContainer(p, NAMENODE)
        .withCommand("hdfs", "namenode")
        .withPorts(port("rpc", Endpoints.NAMENODE_RPC_PORT), port("http", Endpoints.NAMENODE_HTTP_PORT))
        .withNewReadinessProbe()
        .withNewHttpGet().withPath("/").withPort(new IntOrString("http")).endHttpGet()
        .withInitialDelaySeconds(10).withPeriodSeconds(10).withFailureThreshold(6)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewTcpSocket().withPort(new IntOrString("rpc")).endTcpSocket()
        .withInitialDelaySeconds(60).withPeriodSeconds(20).withFailureThreshold(6)
        .endLivenessProbe()
        .build();
    return statefulSet(p, Names.namenode(p), NAMENODE, 1, hdfs.getNamenodeStorage(),
        Placements.apply(p.getSpec().getPlacement().getNameNode(), podSpec(p)).withInitContainers(format)
            .withContainers(namenode).build());
  }

  public static StatefulSet datanodes(WebLogPipeline p) {
    HdfsSpec hdfs = p.getSpec().getHdfs();
    Container wait = hadoopContainer(p, "wait-for-namenode")
        .withCommand("sh", "-c", WAIT_FOR_NAMENODE_SCRIPT)
        .addToEnv(new EnvVar("NAMENODE_URI", Endpoints.hdfsUri(p), null))
        .build();
    Container datanode = hadoopContainer(p, DATANODE)
        .withCommand("hdfs", "datanode")
        .withPorts(port("data", Endpoints.DATANODE_DATA_PORT), port("http", Endpoints.DATANODE_HTTP_PORT),
            port("ipc", Endpoints.DATANODE_IPC_PORT))
        .withNewReadinessProbe()
        .withNewHttpGet().withPath("/").withPort(new IntOrString("http")).endHttpGet()
        .withInitialDelaySeconds(10).withPeriodSeconds(10).withFailureThreshold(6)
        .endReadinessProbe()
        .build();
    return statefulSet(p, Names.datanode(p), DATANODE, hdfs.getDatanodes(), hdfs.getStorage(),
        Placements.apply(p.getSpec().getPlacement().getDataNodes(), podSpec(p)).withInitContainers(wait)
            .withContainers(datanode).build());
  }

  /** Stable across reconciles, so a re-created NameNode never formats with a different cluster id. */
  static String clusterId(WebLogPipeline p) {
    return "CID-weblog-" + Names.instance(p);
  }

  private static StatefulSet statefulSet(WebLogPipeline p, String name, String component, int replicas,
      String storage, PodSpec pod) {
    return new StatefulSetBuilder()
        .withMetadata(ObjectMetas.of(p, name, APP, component))
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(name)
        // DataNodes are independent of each other; no reason to start them one by one.
        .withPodManagementPolicy("Parallel")
        .withNewSelector().withMatchLabels(ObjectMetas.selector(p, APP, component)).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(ObjectMetas.labels(p, APP, component)).endMetadata()
        .withSpec(pod)
        .endTemplate()
        .withVolumeClaimTemplates(claim(p, component, storage))
        // Deleting the pipeline deletes the StatefulSets; their claims follow only when the spec says so.
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted(p.getSpec().getHdfs().getRetention().value())
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .endSpec()
        .build();
  }

  private static PersistentVolumeClaim claim(WebLogPipeline p, String component, String storage) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(DATA_VOLUME).withLabels(ObjectMetas.labels(p, APP, component)).endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(p.getSpec().getHdfs().getStorageClassName())
        .withNewResources().addToRequests("storage", new Quantity(storage)).endResources()
        .endSpec()
        .build();
  }

  private static PodSpecBuilder podSpec(WebLogPipeline p) {
    return new PodSpecBuilder()
        .withSecurityContext(SecurityContexts.pod(Images.HADOOP_UID))
        .withImagePullSecrets(Images.pullSecrets(p.getSpec().getImages()))
        .withEnableServiceLinks(false)
        .addNewVolume().withName(CONF_VOLUME).withNewConfigMap().withName(Names.hdfsConfig(p)).endConfigMap()
        .endVolume();
  }

  private static ContainerBuilder hadoopContainer(WebLogPipeline p, String name) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(Images.hadoop(p.getSpec().getImages()))
        .withImagePullPolicy(Images.pullPolicy(p.getSpec().getImages()))
        .addToEnv(new EnvVar("HADOOP_CONF_DIR", CONF_DIR, null))
        .withResources(Resources.of(p.getSpec().getHdfs().getResources()))
        .withSecurityContext(SecurityContexts.container())
        .withVolumeMounts(Mounts.mount(CONF_VOLUME, CONF_DIR, true), Mounts.mount(DATA_VOLUME, DATA_MOUNT, false));
  }

  private static Service headless(WebLogPipeline p, String name, String component, List<ServicePort> ports) {
    return new ServiceBuilder()
        .withMetadata(ObjectMetas.of(p, name, APP, component))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(ObjectMetas.selector(p, APP, component))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  private static List<ServicePort> namenodePorts() {
    return List.of(servicePort("rpc", Endpoints.NAMENODE_RPC_PORT), servicePort("http", Endpoints.NAMENODE_HTTP_PORT));
  }

  private static List<ServicePort> datanodePorts() {
    return List.of(servicePort("data", Endpoints.DATANODE_DATA_PORT), servicePort("http", Endpoints.DATANODE_HTTP_PORT),
        servicePort("ipc", Endpoints.DATANODE_IPC_PORT));
  }

  private static ServicePort servicePort(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP")
        .withTargetPort(new IntOrString(name)).build();
  }

  private static ContainerPort port(String name, int port) {
    return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
  }
}
