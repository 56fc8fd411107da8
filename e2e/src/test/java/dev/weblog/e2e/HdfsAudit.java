package dev.weblog.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.JobContract;
import dev.weblog.operator.builders.Images;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the stream committed to HDFS, counted in the cluster: a pod of the spark-apps image runs StreamAudit (Spark
 * local mode) against the pipeline's HDFS and prints one JSON line, which this reads from the pod's log. It runs as
 * the jobs' user (the image's) and carries labels the pipeline's NetworkPolicies admit.
 */
final class HdfsAudit {

  /** The audit's figures; {@code distinct} is the number of different Kafka records seen. */
  record Counts(long predicted, long quarantined, long duplicates, long distinct, long batches,
      Map<String, List<Integer>> modelVersions) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private HdfsAudit() {}

  static Counts run(Cluster cluster, String image, String hdfsUri, String base, Map<String, String> labels,
      int attempt) {
    String name = "e2e-audit-" + attempt;
    cluster.client().pods().inNamespace(cluster.namespace()).resource(pod(name, image, hdfsUri, base, labels))
        .create();
    try {
      Pod done = Cluster.await("audit pod " + name, Duration.ofMinutes(5), () -> Optional
          .ofNullable(cluster.client().pods().inNamespace(cluster.namespace()).withName(name).get())
          .filter(p -> List.of("Succeeded", "Failed").contains(p.getStatus().getPhase())),
          () -> String.valueOf(cluster.client().pods().inNamespace(cluster.namespace()).withName(name).get()
              .getStatus().getPhase()));
      String log = cluster.client().pods().inNamespace(cluster.namespace()).withName(name).getLog();
      if (!"Succeeded".equals(done.getStatus().getPhase())) {
        throw new AssertionError("StreamAudit failed in pod " + name + ":\n" + log);
      }
      return parse(log);
    } finally {
      cluster.client().pods().inNamespace(cluster.namespace()).withName(name).delete();
    }
  }

  /** The last line of the log that is a JSON object is the audit. */
  static Counts parse(String log) {
    List<String> lines = log.lines().filter(l -> l.startsWith("{\"batches\"")).toList();
    if (lines.isEmpty()) {
      throw new AssertionError("no audit line in the log:\n" + log);
    }
    try {
      JsonNode a = JSON.readTree(lines.get(lines.size() - 1));
      long distinct = 0;
      for (JsonNode partition : a.get("partitions")) {
        distinct += partition.get("distinct_offsets").asLong();
      }
      Map<String, List<Integer>> versions = new TreeMap<>();
      a.path("model_versions").fields().forEachRemaining(e -> {
        List<Integer> vs = new ArrayList<>();
        e.getValue().forEach(v -> vs.add(v.asInt()));
        versions.put(e.getKey(), vs);
      });
      return new Counts(a.get("predicted").asLong(), a.get("quarantined").asLong(), a.get("duplicates").asLong(),
          distinct, a.get("batches").asLong(), versions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Pod pod(String name, String image, String hdfsUri, String base, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withEnableServiceLinks(false)
        .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(Images.SPARK_UID)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
        .addNewContainer()
        .withName("audit")
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withCommand("java", "@/opt/weblog/jvm-flags", "-Xmx512m", "-Dspark.ui.enabled=false",
            "-Dspark.master=local[1]", "-cp", Images.SPARK_APPS_JAR.replaceFirst("^local://", "") + ":/opt/spark/jars/*",
            JobContract.AUDIT_MAIN, JobContract.OPT_HDFS, hdfsUri, JobContract.OPT_BASE, base)
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("1Gi"))
        .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("1Gi"))
        .endResources()
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL")
        .endCapabilities().endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }
}
