package dev.weblog.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.JobContract;
import dev.weblog.operator.builders.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    OneShotPod pod = new OneShotPod("e2e-audit-" + attempt, image, Images.SPARK_UID, labels,
        List.of("java", "@/opt/weblog/jvm-flags", "-Xmx512m", "-Dspark.ui.enabled=false", "-Dspark.master=local[1]",
            "-cp", Images.SPARK_APPS_JAR.replaceFirst("^local://", "") + ":/opt/spark/jars/*",
            JobContract.AUDIT_MAIN, JobContract.OPT_HDFS, hdfsUri, JobContract.OPT_BASE, base),
        Map.of(), "100m", "1", "1Gi");
    OneShotPod.Outcome outcome = pod.run(cluster, Duration.ofMinutes(5));
    if (!outcome.succeeded()) {
      throw new AssertionError("StreamAudit failed in pod " + pod.name() + ":\n" + outcome.log());
    }
    return parse(outcome.log());
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
      a.path("model_versions").properties().forEach(e -> {
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
}
