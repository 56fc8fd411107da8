package dev.weblog.operator.builders;

import static dev.weblog.operator.builders.BuilderAssertions.assertHasResources;
import static dev.weblog.operator.builders.BuilderAssertions.assertOwnedAndLabelled;
import static dev.weblog.operator.builders.BuilderAssertions.assertRestricted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HdfsBuilderTest {

  private final WebLogPipeline p = Pipelines.full();

  @Test
  void configPointsClientsAtTheNameNodeServiceAndAcceptsDataNodesByIp() {
    ConfigMap cm = HdfsBuilder.configMap(p);
    assertEquals("full-hdfs-config", cm.getMetadata().getName());
    assertTrue(cm.getData().get("core-site.xml").contains(
        "<name>fs.defaultFS</name><value>hdfs://full-hdfs.analytics.svc:8020</value>"));
    String site = cm.getData().get("hdfs-site.xml");
    assertTrue(site.contains(
        "<name>dfs.namenode.datanode.registration.ip-hostname-check</name><value>false</value>"), site);
    assertTrue(site.contains("<name>dfs.replication</name><value>3</value>"), site);
    assertTrue(site.contains("<name>dfs.namenode.name.dir</name><value>file:///hadoop/dfs/name</value>"), site);
    assertTrue(site.contains("<name>dfs.permissions.enabled</name><value>true</value>"), site);
    assertTrue(site.contains("<name>dfs.webhdfs.enabled</name><value>false</value>"), "no data on the web UI port");
    assertOwnedAndLabelled(p, cm);
  }

  @Test
  void replicationNeverExceedsTheDataNodes() {
    String site = HdfsBuilder.configMap(Pipelines.minimal()).getData().get("hdfs-site.xml");
    assertTrue(site.contains("<name>dfs.replication</name><value>1</value>"), site);
  }

  @Test
  void nameNodeIsOnePodWithAVolumeThatFormatsOnlyWhenEmptyAndIsReadyWhenItsWebUiAnswers() {
    StatefulSet sts = HdfsBuilder.namenode(p);
    assertEquals("full-hdfs-namenode", sts.getMetadata().getName());
    assertEquals(1, sts.getSpec().getReplicas());
    assertEquals("full-hdfs-namenode", sts.getSpec().getServiceName());
    var claim = sts.getSpec().getVolumeClaimTemplates().get(0);
    assertEquals(new Quantity("2Gi"), claim.getSpec().getResources().getRequests().get("storage"));
    assertEquals("fast", claim.getSpec().getStorageClassName());

    Container format = sts.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertEquals(List.of("sh", "-c", HdfsBuilder.FORMAT_SCRIPT), format.getCommand());
    assertTrue(HdfsBuilder.FORMAT_SCRIPT.contains("-nonInteractive"));
    assertTrue(!HdfsBuilder.FORMAT_SCRIPT.contains("-force"), "must never force a format");
    assertEquals(HdfsBuilder.NAME_DIR, env(format, "NAME_DIR"));
    assertEquals(HdfsBuilder.clusterId(p), env(format, "CLUSTER_ID"));

    Container nn = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(List.of("hdfs", "namenode"), nn.getCommand());
    assertEquals("/", nn.getReadinessProbe().getHttpGet().getPath());
    assertEquals("http", nn.getReadinessProbe().getHttpGet().getPort().getStrVal());
    assertEquals(List.of(8020, 9870), nn.getPorts().stream().map(cp -> cp.getContainerPort()).toList());
    assertEquals("registry.example.com:5000/mirror/apache/hadoop:3.4.1", nn.getImage());
    assertHasResources(nn);
    assertTrue(nn.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(HdfsBuilder.DATA_MOUNT)));
    assertRestricted(sts.getSpec().getTemplate().getSpec(), 1000);
    assertEquals(1000L, sts.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup());
    assertOwnedAndLabelled(p, sts);
    assertEquals(sts.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/component"),
        sts.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component"));
  }

  @Test
  void dataNodesAreNReplicasWithVolumesThatWaitForTheNameNode() {
    StatefulSet sts = HdfsBuilder.datanodes(p);
    assertEquals(3, sts.getSpec().getReplicas());
    assertEquals(new Quantity("50Gi"),
        sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage"));
    Container wait = sts.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertEquals("wait-for-namenode", wait.getName());
    assertTrue(wait.getCommand().get(2).contains("hdfs dfs -test -d /"));
    assertEquals("hdfs://full-hdfs.analytics.svc:8020", env(wait, "NAMENODE_URI"));
    Container dn = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(List.of("hdfs", "datanode"), dn.getCommand());
    assertEquals(List.of(9866, 9864, 9867), dn.getPorts().stream().map(cp -> cp.getContainerPort()).toList());
    assertRestricted(sts.getSpec().getTemplate().getSpec(), 1000);
    assertOwnedAndLabelled(p, sts);
  }

  @Test
  void headlessServicesGovernTheStatefulSetsAndTheClientServiceExposesRpcAndHttp() {
    Service nnHeadless = HdfsBuilder.namenodeService(p);
    assertEquals("None", nnHeadless.getSpec().getClusterIP());
    assertEquals(HdfsBuilder.namenode(p).getSpec().getServiceName(), nnHeadless.getMetadata().getName());
    assertEquals("None", HdfsBuilder.datanodeService(p).getSpec().getClusterIP());
    Service client = HdfsBuilder.clientService(p);
    assertEquals("full-hdfs", client.getMetadata().getName());
    assertNull(client.getSpec().getClusterIP());
    assertEquals(List.of("rpc:8020", "http:9870"),
        client.getSpec().getPorts().stream().map(HdfsBuilderTest::port).toList());
    assertEquals(HdfsBuilder.namenode(p).getSpec().getSelector().getMatchLabels(), client.getSpec().getSelector());
    assertOwnedAndLabelled(p, client);
  }

  @Test
  void externalHdfsNeedsNoObjects() {
    assertTrue(HdfsBuilder.build(Pipelines.external()).isEmpty());
    assertEquals(7, HdfsBuilder.build(p).size());
  }

  @Test
  void oneDisruptionBudgetTakesTheNameNodeAndTheDataNodesOneAtATime() {
    PodDisruptionBudget budget = HdfsBuilder.disruptionBudget(p);
    assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal());
    assertNull(budget.getSpec().getMinAvailable());
    Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();
    for (StatefulSet s : List.of(HdfsBuilder.namenode(p), HdfsBuilder.datanodes(p))) {
      assertTrue(s.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()),
          s.getMetadata().getName() + "'s pods are in the budget: " + selector);
    }
    WebLogPipeline other = Pipelines.minimal("other");
    assertTrue(!HdfsBuilder.namenode(other).getSpec().getTemplate().getMetadata().getLabels().entrySet()
        .containsAll(selector.entrySet()), "another pipeline's HDFS is not");
    assertOwnedAndLabelled(p, budget);
  }

  private static String port(ServicePort sp) {
    return sp.getName() + ":" + sp.getPort();
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
  }
}
