package dev.weblog.e2e;

import dev.weblog.operator.builders.Images;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a pod with given labels reaches the pipeline's NameNode over RPC: a short-lived pod of the Hadoop image
 * lists {@code /} with a short connect timeout, and its exit says. Run with and without the pipeline's labels, it
 * shows the NetworkPolicy at work where the cluster enforces NetworkPolicies.
 */
final class HdfsFence {

  /** Without the limits Hadoop's client retries a dropped connection for about 15 minutes. */
  static final String LIST_ROOT = "timeout 90 hdfs dfs -D ipc.client.connect.timeout=5000 "
      + "-D ipc.client.connect.max.retries.on.timeouts=1 -D ipc.client.connect.max.retries=1 "
      + "-fs \"$HDFS_URI\" -ls /";

  private HdfsFence() {}

  static boolean reaches(Cluster cluster, String name, String image, String hdfsUri, Map<String, String> labels) {
    var pods = cluster.client().pods().inNamespace(cluster.namespace());
    pods.resource(pod(name, image, hdfsUri, labels)).create();
    try {
      Pod done = Cluster.await("fence probe " + name, Duration.ofMinutes(4), () -> Optional
          .ofNullable(pods.withName(name).get())
          .filter(p -> List.of("Succeeded", "Failed").contains(p.getStatus().getPhase())),
          () -> String.valueOf(pods.withName(name).get().getStatus().getPhase()));
      System.out.println("e2e: fence probe " + name + " " + labels + ": " + done.getStatus().getPhase() + "\n"
          + pods.withName(name).getLog());
      return "Succeeded".equals(done.getStatus().getPhase());
    } finally {
      pods.withName(name).delete();
    }
  }

  private static Pod pod(String name, String image, String hdfsUri, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withEnableServiceLinks(false)
        .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(Images.HADOOP_UID)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
        .addNewContainer()
        .withName("probe")
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withCommand("sh", "-c", LIST_ROOT)
        .addNewEnv().withName("HDFS_URI").withValue(hdfsUri).endEnv()
        .withNewResources()
        .addToRequests("cpu", new Quantity("50m")).addToRequests("memory", new Quantity("256Mi"))
        .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("256Mi"))
        .endResources()
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL")
        .endCapabilities().endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }
}
