package dev.weblog.e2e;

import dev.weblog.operator.builders.Images;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    OneShotPod probe = new OneShotPod(name, image, Images.HADOOP_UID, labels, List.of("sh", "-c", LIST_ROOT),
        Map.of("HDFS_URI", hdfsUri), "50m", "500m", "256Mi");
    OneShotPod.Outcome outcome = probe.run(cluster, Duration.ofMinutes(4));
    System.out.println("e2e: fence probe " + name + " " + labels + ": " + outcome.phase() + "\n" + outcome.log());
    return outcome.succeeded();
  }
}
